import { AlertTriangle, Wallet } from "lucide-react";
import { Card } from "@/components/ui/card";
import { formatUsd } from "@/lib/money";

export function BalanceCard({ balanceMicros, thresholdMicros, isLow }: { balanceMicros: bigint; thresholdMicros: bigint; isLow: boolean }) {
  return (
    <Card className="p-5">
      <div className="flex items-center justify-between text-sm text-muted">
        Credit balance <Wallet className="h-4 w-4" />
      </div>
      <p className="mt-2 text-2xl font-semibold" data-testid="credit-balance">
        {formatUsd(balanceMicros)}
      </p>
      {isLow ? (
        <p className="mt-2 flex items-center gap-1.5 text-xs font-medium text-amber-700 dark:text-amber-300" data-testid="low-balance">
          <AlertTriangle className="h-3.5 w-3.5" /> At or below the {formatUsd(thresholdMicros)} alert line
        </p>
      ) : (
        <p className="mt-2 text-xs text-muted">Alert below {formatUsd(thresholdMicros)}</p>
      )}
    </Card>
  );
}
