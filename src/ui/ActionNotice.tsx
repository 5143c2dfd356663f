import { useTandem } from '../store/tandem-store.ts';

/** Feedback on the user's last action, e.g. why Ctrl+Enter did nothing. */
export function ActionNotice() {
  const notice = useTandem((state) => state.notice);
  if (!notice) return null;
  return (
    <span className="status-item status-notice" data-testid="action-notice">
      {notice}
    </span>
  );
}
