import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ROLES, UserCreateInput, UserUpdateInput, type Role, type User } from '../../../shared/contract';
import { seatKeys } from '../../api/seat-queries';
import { useTransport } from '../../api/transport-context';
import { useCommand } from '../../api/use-command';
import { useSites } from '../../api/monitoring-queries';
import { FieldErrorMessage, FormErrors, FormField } from '../../components/FormField';
import { ROLE_NAMES } from '../../format/roles';
import { checkWithContract, placeErrors, type FieldErrors } from '../../forms/form-model';
import { isTransportError } from '../../transport/transport';
import { NewPasswordField } from '../../seat/NewPasswordField';

const FIELDS = ['username', 'displayName', 'role', 'sites', 'password'] as const;

/** The sites ticked; none ticked means every site. */
const sitesOf = (ids: readonly string[]): string[] | null => (ids.length === 0 ? null : [...ids]);

/** A new person (with a first password they change), or the name, role and sites of one who exists. */
export function UserForm({ user, onDone }: { user: User | null; onDone(): void }) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const update = useCommand('users.update', { stale: [seatKeys.users, seatKeys.people] });
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'operator');
  // Picked by name: typed, names were taken for ids no site has, and the person was left limited to no site at all.
  const [siteIds, setSiteIds] = useState<readonly string[]>(user?.sites ?? []);
  const loadedSites = useSites().data;
  const knownSites = [...(loadedSites ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  // Only once the sites are read: until then every ticked site would be listed as gone.
  const goneSiteIds = loadedSites === undefined ? [] : siteIds.filter((id) => !knownSites.some((site) => site.id === id));
  const toggleSite = (id: string) =>
    setSiteIds((ticked) => (ticked.includes(id) ? ticked.filter((other) => other !== id) : [...ticked, id]));
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const refused = (error: unknown) => {
    const placed = placeErrors(isTransportError(error) ? error.fields : [], FIELDS, '');
    setErrors(placed.byField);
    setUnplaced(placed.unplaced);
    if (Object.keys(placed.byField).length === 0 && placed.unplaced.length === 0)
      setProblem(error instanceof Error ? error.message : String(error));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setUnplaced([]);
    if (user !== null) {
      const validation = checkWithContract(UserUpdateInput, { id: user.id, displayName, role, sites: sitesOf(siteIds) }, {});
      setErrors(validation.ok ? {} : validation.errors);
      if (validation.ok) update.mutate(validation.input, { onSuccess: onDone, onError: refused });
      return;
    }
    const validation = checkWithContract(UserCreateInput, { username, displayName, role, sites: sitesOf(siteIds), password }, {});
    setErrors(validation.ok ? {} : validation.errors);
    if (!validation.ok) return;
    setPassword('');
    setPending(true);
    // Not a mutation: its variables, the first password, would be kept after the call.
    transport
      .call('users.create', validation.input)
      .then(() => {
        void queryClient.invalidateQueries({ queryKey: seatKeys.users });
        void queryClient.invalidateQueries({ queryKey: seatKeys.people });
        onDone();
      })
      .catch(refused)
      .finally(() => setPending(false));
  };

  const busy = pending || update.isPending;
  return (
    <form className="panel user-form" onSubmit={submit} noValidate data-testid="user-form">
      <h3 className="panel__title">{user === null ? 'New user' : `Edit ${user.displayName}`}</h3>
      {user === null ? (
        <FormField field="username" id="user-username" label="Username" error={errors.username}>
          {(attributes) => (
            <input
              {...attributes}
              className="input"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              data-testid="user-username"
            />
          )}
        </FormField>
      ) : null}
      <FormField field="displayName" id="user-display-name" label="Name" error={errors.displayName}>
        {(attributes) => (
          <input
            {...attributes}
            className="input"
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            data-testid="user-display-name"
          />
        )}
      </FormField>
      <FormField field="role" id="user-role" label="Role" hint="Each role may do what the roles before it may." error={errors.role}>
        {(attributes) => (
          <select
            {...attributes}
            className="input"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            data-testid="user-role"
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {ROLE_NAMES[option]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <fieldset className={`form-row user-form__sites${errors.sites ? ' form-row--invalid' : ''}`} data-testid="user-sites">
        <legend className="form-row__label">Sites</legend>
        <p className="form-row__hint">The sites this person acts at; none ticked: every site.</p>
        {knownSites.map((site) => (
          <label key={site.id} className="check">
            <input
              type="checkbox"
              checked={siteIds.includes(site.id)}
              onChange={() => toggleSite(site.id)}
              data-testid="user-site"
              data-site-id={site.id}
            />
            {site.name}
          </label>
        ))}
        {goneSiteIds.map((id) => (
          <label key={id} className="check">
            <input type="checkbox" checked onChange={() => toggleSite(id)} data-testid="user-site" data-site-id={id} />
            {id} <span className="muted">(no site has this id now)</span>
          </label>
        ))}
        {errors.sites ? <FieldErrorMessage field="sites" message={errors.sites} /> : null}
      </fieldset>
      {user === null ? (
        <>
          <NewPasswordField
            field="password"
            id="user-password"
            label="First password"
            hint="8 to 128 characters; give it to them in person."
            error={errors.password}
            value={password}
            onChange={setPassword}
            testId="user-password"
            userInputs={[username, displayName]}
          />
        </>
      ) : null}
      <FormErrors title="Core refused this:" messages={unplaced} />
      {problem !== null ? <FormErrors title="Not saved:" messages={[problem]} testId="user-form-problem" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="user-save">
          {user === null ? 'Add user' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
