// Renders a page component on the server the way it hydrates: its tRPC queries answered from a
// filled cache (`data`), never from the network (the client points nowhere and is never called).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpLink } from "@trpc/client";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import superjson from "superjson";
import { api } from "@/app/_trpc/react";

export function renderWithTrpc(node: ReactNode, data: readonly (readonly [key: readonly unknown[], value: unknown])[] = []): string {
  const queryClient = new QueryClient();
  for (const [key, value] of data) queryClient.setQueryData(key, value);
  const client = api.createClient({ links: [httpLink({ url: "http://127.0.0.1:9/api/trpc", transformer: superjson })] });
  return renderToStaticMarkup(
    <QueryClientProvider client={queryClient}>
      <api.Provider client={client} queryClient={queryClient}>
        {node}
      </api.Provider>
    </QueryClientProvider>,
  );
}
