import type { Metadata } from "next";
import { AnnotatorTable } from "@/components/admin/AnnotatorTable";
import { BeliefCharts } from "@/components/admin/BeliefCharts";
import { CheckpointTable } from "@/components/admin/CheckpointTable";
import { ComparisonTable } from "@/components/admin/ComparisonTable";
import { ExportLinks } from "@/components/admin/ExportLinks";
import { LiveRefresh } from "@/components/admin/LiveRefresh";
import { LogoutButton } from "@/components/admin/LogoutButton";
import { ModelSummary } from "@/components/admin/ModelSummary";
import { PolicyControl } from "@/components/admin/PolicyControl";
import { Section } from "@/components/admin/Section";
import { SimulationPanel } from "@/components/admin/SimulationPanel";
import { TrainingCharts } from "@/components/admin/TrainingCharts";
import { loadDashboard } from "@/lib/admin/dashboard";
import { requireAdminPage } from "@/lib/http/admin-auth";
import { getRuntime } from "@/lib/service/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Chorus admin" };

const NAV = [
  ["learning", "Learning"],
  ["beliefs", "Beliefs"],
  ["controls", "Controls"],
  ["comparisons", "Comparisons"],
  ["annotators", "Annotators"],
  ["export", "Export"],
] as const;

export default async function AdminPage() {
  await requireAdminPage();
  const runtime = getRuntime();
  const data = await loadDashboard(runtime);
  const types = runtime.world.types.map((t) => t.name);
  const running = data.simulations.some((run) => run.status === "RUNNING");
  // Render time, for "… ago"; the page is rendered per request.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();

  return (
    <main className="mx-auto flex max-w-screen-2xl flex-col gap-8 px-6 pb-16">
      <LiveRefresh intervalMs={running ? 1500 : 10_000} />
      <header className="sticky top-0 z-10 -mx-6 flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-slate-200 bg-slate-50/95 px-6 py-3 backdrop-blur">
        <h1 className="text-xl font-semibold">Chorus admin</h1>
        <nav aria-label="Sections" className="flex flex-wrap gap-4 text-sm">
          {NAV.map(([id, label]) => (
            <a key={id} href={`#${id}`} className="text-slate-700 hover:text-indigo-700">
              {label}
            </a>
          ))}
        </nav>
        <span className="ml-auto text-sm text-slate-600">
          policy <strong data-testid="active-policy">{data.policy.active}</strong>
        </span>
        <LogoutButton />
      </header>

      <ModelSummary model={data.model} counts={data.counts} now={now} />

      <Section
        id="learning"
        title="What the model has learned"
        description="Each training round and each rollback publishes a model version. The didactic world knows the truth, so the fit to the whole population is measured exactly."
      >
        <TrainingCharts
          checkpoints={data.checkpoints}
          promptCount={runtime.world.prompts.length}
          types={types}
        />
      </Section>

      <Section
        id="beliefs"
        title="What the model believes"
        description={`Model v${data.model.version}: per prompt, the responses it or the target ranks highest and each type's favourites, with the model's probability beside the target's.`}
      >
        <BeliefCharts beliefs={data.beliefs} types={types} />
      </Section>

      <Section id="controls" title="Controls">
        <div className="grid gap-3 lg:grid-cols-[1fr_2fr]">
          <PolicyControl active={data.policy.active} available={data.policy.available} />
          <SimulationPanel
            runs={data.simulations}
            policies={data.policy.available}
            defaultPolicy={data.policy.active}
            trainerRunning={data.model.trainerRunning}
          />
        </div>
        <CheckpointTable checkpoints={data.checkpoints} />
      </Section>

      <Section
        id="comparisons"
        title="What it is asking and why"
        description="The newest comparisons: the policy that chose each pair and its acquisition score, which response was shown on which side, and the answer."
      >
        <ComparisonTable comparisons={data.comparisons} />
      </Section>

      <Section id="annotators" title="Annotators">
        <AnnotatorTable report={data.annotators} />
      </Section>

      <Section id="export" title="Export">
        <ExportLinks />
      </Section>
    </main>
  );
}
