/**
 * The email beside a person's display name, where the server sent one (it does so for instructors
 * only): students choose their display names, so two may look alike. Muted and smaller; cut short
 * with an ellipsis where space is tight, the full address in the tooltip and for screen readers.
 * `inline` puts it on the name's line after a "·", otherwise it goes on its own line below.
 */
export function PersonEmail({ email, inline = false }: { email: string | null | undefined; inline?: boolean }) {
  if (!email) return null;
  return (
    <span title={email} className={`${inline ? "ml-1 inline-block align-bottom" : "block"} max-w-full truncate text-xs font-normal text-muted`}>
      {inline && <span aria-hidden="true">· </span>}
      <span className="sr-only">, </span>
      {email}
    </span>
  );
}
