import { Card } from "@/components/ui/card";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading activity" data-testid="activity-loading" className="animate-pulse">
      <div className="mb-6 h-8 w-40 rounded bg-black/5 dark:bg-white/10" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Card key={i} className="h-28 p-5" />
        ))}
      </div>
      <Card className="mt-6 h-80" />
    </div>
  );
}
