import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SiteHeader } from "./_components/SiteHeader";
import { TrpcProvider } from "./_trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "GenLab", template: "%s · GenLab" },
  description: "A multiplayer classroom for generative AI: read, train models in your browser, submit samples and climb live leaderboards.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#4f46e5" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry the nonce of that response's
  // Content-Security-Policy (server/security/headers.ts), which a page prerendered at build time cannot.
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <a href="#main" className="sr-only z-50 rounded-md bg-brand-600 px-4 py-2 text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
          Skip to content
        </a>
        <TrpcProvider>
          <SiteHeader />
          {/* At least a screen tall: the footer starts below the fold, so a page's content arriving never pushes it (no layout shift). */}
          <main id="main" tabIndex={-1} className="mx-auto min-h-dvh w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none sm:px-6 sm:py-10">
            {children}
          </main>
          <footer className="border-t border-line py-6 text-center text-xs text-muted">GenLab — learn generative AI by training the models yourself.</footer>
        </TrpcProvider>
      </body>
    </html>
  );
}
