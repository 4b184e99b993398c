import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { User } from '../../../shared/contract';
import { seatKeys } from '../../api/seat-queries';
import { useTransport } from '../../api/transport-context';
import { PageHeading } from '../../components/PageHeading';
import { QueryView } from '../../components/QueryView';
import { PairDisplay } from './PairDisplay';
import { SeatsSection } from './SeatsSection';
import { UserForm } from './UserForm';
import { UsersTable } from './UsersTable';
import './users.css';

type Editing = { kind: 'user'; user: User | null } | { kind: 'display' } | null;

/** The people who may use the console (admin): never deleted, since the audit log names them. */
export function UsersPage() {
  const transport = useTransport();
  const users = useQuery({ queryKey: seatKeys.users, queryFn: () => transport.call('users.list', undefined) });
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <section aria-labelledby="users-title" data-testid="page-users">
      <PageHeading id="users-title" title="Users">
        <button type="button" className="button" onClick={() => setEditing({ kind: 'display' })} data-testid="pair-display">
          Pair a wall display
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ kind: 'user', user: null })}
          data-testid="add-user"
        >
          Add user
        </button>
      </PageHeading>
      {editing?.kind === 'user' ? <UserForm key={editing.user?.id ?? 'new'} user={editing.user} onDone={() => setEditing(null)} /> : null}
      {editing?.kind === 'display' ? <PairDisplay onDone={() => setEditing(null)} /> : null}
      <QueryView query={users} failure="Could not read the users" loading="Reading the users…" empty="No users yet.">
        {(rows) => <UsersTable users={rows} onEdit={(user) => setEditing({ kind: 'user', user })} />}
      </QueryView>
      <SeatsSection />
    </section>
  );
}
