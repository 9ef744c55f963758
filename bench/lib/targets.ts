/** The targets of issue 6, checked against one run's figures (ratios from the same run). */
import { isMissing, type ClientTask, type Maybe, type Results, type Target } from './results.ts';
import { round } from './stats.ts';

const THROUGHPUT_RATIO = 5;
const FLOOR_FACTOR = 1.25;
const PIPELINED_CALLS_PER_SEC = 200_000;
const PEAK_LIVE = 50_000;
const OPEN_MS = 1_500;
const CLICK_MS = 30;

export function evaluateTargets(r: Results): Target[] {
  const targets: Target[] = [];
  const throughput = r.tasks.filter((t) => t.kind === 'throughput');
  const latency = r.tasks.filter((t) => t.kind === 'latency');

  targets.push(
    allOf(
      'throughput-5x',
      `Throughput-bound tasks: browser kernel ≥ ${THROUGHPUT_RATIO}× faster than Py4J Python`,
      throughput.map((t) => {
        if (isMissing(t.browser) || isMissing(t.python)) return { ok: null, text: `${t.name}: not measured` };
        const ratio = t.python.ms.median / t.browser.ms.median;
        return { ok: ratio >= THROUGHPUT_RATIO, text: `${t.name} ${round(ratio, 1)}×` };
      }),
    ),
  );

  targets.push(
    allOf(
      'latency-round-trips',
      'Latency-bound tasks: never more round trips per operation than Py4J Python (fewer where resolution is cached)',
      latency.flatMap((t) =>
        (['browser', 'node'] as const).map((where) => {
          const ours = t[where];
          if (isMissing(ours) || isMissing(t.python)) return { ok: null, text: `${t.name} (${where}): not measured` };
          return {
            ok: ours.roundTripsPerOp <= t.python.roundTripsPerOp,
            text: `${t.name} (${where}) ${ours.roundTripsPerOp} vs ${t.python.roundTripsPerOp} per op`,
          };
        }),
      ),
    ),
  );

  const floorOf = (where: 'browser' | 'node'): number | null => {
    const ws = where === 'browser' ? r.floors.wsEchoBrowserUs : r.floors.wsEchoNodeUs;
    return isMissing(ws) ? null : ws.median + r.floors.rawTcpSequentialUs.median;
  };
  targets.push(
    allOf(
      'latency-floor',
      `Latency-bound tasks: µs per round trip within ${FLOOR_FACTOR}× the floor of the path (WebSocket echo + raw TCP call)`,
      latency.flatMap((t) =>
        (['browser', 'node'] as const).map((where) => {
          const ours = t[where];
          const floor = isMissing(ours) ? null : (ours.floorUs ?? floorOf(where));
          if (isMissing(ours) || floor === null) return { ok: null, text: `${t.name} (${where}): not measured` };
          const ratio = ours.usPerRoundTrip / floor;
          return {
            ok: ratio <= FLOOR_FACTOR,
            text: `${t.name} (${where}) ${round(ratio, 2)}× of ${round(floor, 0)} µs`,
          };
        }),
      ),
    ),
  );

  const browserCalls = r.perCall.browser;
  targets.push(
    single(
      'browser-pipelined',
      `From the browser: ≥ ${PIPELINED_CALLS_PER_SEC.toLocaleString('en')} calls/s for Promise.all of 10,000 independent calls`,
      isMissing(browserCalls) ? null : browserCalls.pipelinedPerSec.median >= PIPELINED_CALLS_PER_SEC,
      isMissing(browserCalls)
        ? 'not measured'
        : `${Math.round(browserCalls.pipelinedPerSec.median).toLocaleString('en')} calls/s in ${browserCalls.pipelinedRoundTrips} round trip(s)`,
    ),
  );

  const temporaries = r.tasks.find((t) => t.name === 'temporaries_100k');
  targets.push(
    allOf(
      'temporaries-peak',
      `temporaries_100k: peak live count below ${PEAK_LIVE.toLocaleString('en')} with no user code releasing anything`,
      (['browser', 'node'] as const).map((where) => {
        const ours: Maybe<ClientTask> | undefined = temporaries?.[where];
        if (isMissing(ours)) return { ok: null, text: `${where}: not measured` };
        return {
          ok: ours.peakLive < PEAK_LIVE,
          text: `${where} peak ${ours.peakLive.toLocaleString('en')} (n = ${temporaries!.size.toLocaleString('en')})`,
        };
      }),
    ),
  );

  const open = r.ui.open200Ms;
  targets.push(
    single(
      'ui-open',
      `200-cell notebook open ≤ ${OPEN_MS} ms`,
      isMissing(open) ? null : open.median <= OPEN_MS,
      isMissing(open) ? (open?.missing ?? 'not measured') : `${open.median} ms`,
    ),
  );
  const click = r.ui.clickToOutputMs;
  targets.push(
    single(
      'ui-click',
      `Trivial cell click-to-output ≤ ${CLICK_MS} ms`,
      isMissing(click) ? null : click.median <= CLICK_MS,
      isMissing(click) ? (click?.missing ?? 'not measured') : `${click.median} ms`,
    ),
  );
  return targets;
}

function single(id: string, text: string, met: boolean | null, detail: string): Target {
  return { id, text, met, detail };
}

function allOf(id: string, text: string, parts: { ok: boolean | null; text: string }[]): Target {
  const measured = parts.filter((p) => p.ok !== null);
  const met = measured.length === 0 ? null : measured.every((p) => p.ok);
  const detail = parts.map((p) => `${p.ok === null ? '?' : p.ok ? 'ok' : 'MISS'} ${p.text}`).join('; ');
  return { id, text, met, detail };
}
