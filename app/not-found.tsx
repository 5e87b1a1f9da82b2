import { ButtonLink } from "./_components/Button";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="mt-3 text-muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <div className="mt-6 flex justify-center gap-2">
        <ButtonLink href="/courses">My courses</ButtonLink>
        <ButtonLink href="/" variant="secondary">
          Home
        </ButtonLink>
      </div>
    </div>
  );
}
