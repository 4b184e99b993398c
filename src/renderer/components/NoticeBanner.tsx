import { CONTRACT_VERSION, type AppInfo, type Notice } from '../../shared/contract';
import { useAppInfo, usePushedNotices } from '../api/queries';
import { useViewStore } from '../state/view-store';

const LEVEL_LABEL: Record<Notice['level'], string> = { info: 'Note', warning: 'Warning', critical: 'Critical' };

/** A core speaking another contract version cannot be trusted to mean what this console shows. */
function contractMismatchNotice(info: AppInfo | undefined): Notice | null {
  if (info === undefined || info.contractVersion === CONTRACT_VERSION) return null;
  return {
    id: `contract-mismatch-${info.contractVersion}`,
    level: 'critical',
    at: info.startedAt,
    title: 'This console and core are different versions',
    detail: `Core speaks contract version ${info.contractVersion}, this console version ${CONTRACT_VERSION}. Reload the page; if this stays, update Watchroom.`,
  };
}

export function NoticeBanner() {
  const info = useAppInfo().data;
  const pushed = usePushedNotices();
  const dismissed = useViewStore((state) => state.dismissedNoticeIds);
  const dismissNotice = useViewStore((state) => state.dismissNotice);

  const mismatch = contractMismatchNotice(info);
  const all = [...(mismatch ? [mismatch] : []), ...(info?.notices ?? []), ...pushed];
  const seen = new Set<string>();
  const visible = all.filter((notice) => {
    if (seen.has(notice.id) || dismissed.includes(notice.id)) return false;
    seen.add(notice.id);
    return true;
  });
  if (visible.length === 0) return null;

  return (
    <section className="notices" aria-label="Notices">
      {visible.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice--${notice.level}`}
          role={notice.level === 'info' ? 'status' : 'alert'}
          data-testid="notice"
          data-level={notice.level}
        >
          <div className="notice__text">
            <strong className="notice__title">
              {LEVEL_LABEL[notice.level]}: {notice.title}
            </strong>
            <p className="notice__detail">{notice.detail}</p>
          </div>
          <button type="button" className="button button--quiet" onClick={() => dismissNotice(notice.id)} data-testid="notice-dismiss">
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
