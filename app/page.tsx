import { ButtonLink } from "./_components/Button";
import { Card } from "./_components/Card";

const FEATURES = [
  {
    title: "Read",
    body: "Short modules explain each model — the game a GAN plays, the loss it optimises, and how it fails.",
  },
  {
    title: "Train in your browser",
    body: "Every exercise trains a real model on your own machine with TensorFlow.js. No installs, no GPU queue.",
  },
  {
    title: "Submit and compare",
    body: "Submit samples from your model. The server scores them and the course leaderboard updates live.",
  },
];

export default function HomePage() {
  return (
    <div className="space-y-14">
      <section className="py-6 sm:py-12">
        <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">A multiplayer classroom for generative AI</p>
        <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-ink sm:text-5xl">Learn generative models by training them — together.</h1>
        <p className="mt-5 max-w-2xl text-lg text-muted">
          Join your course with a code from your instructor, read the module, train a model right in the browser, and see how your samples rank against your
          classmates&apos; on a live leaderboard.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <ButtonLink href="/courses">Go to my courses</ButtonLink>
          <ButtonLink href="/sign-up" variant="secondary">
            Create an account
          </ButtonLink>
        </div>
      </section>

      <section aria-labelledby="how-heading">
        <h2 id="how-heading" className="text-xl font-semibold">
          How it works
        </h2>
        <ol className="mt-4 grid gap-4 sm:grid-cols-3">
          {FEATURES.map((f, i) => (
            <li key={f.title}>
              <Card className="h-full">
                <p className="text-sm font-semibold text-brand-700">Step {i + 1}</p>
                <h3 className="mt-1 font-semibold">{f.title}</h3>
                <p className="mt-2 text-sm text-muted">{f.body}</p>
              </Card>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
