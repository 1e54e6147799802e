import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  file: string;
  /** wall time the profile covers */
  wallMs: number;
  /** CPU time sampled in JavaScript and native code (not idle) */
  busyMs: number;
  /** self time by where the code lives: a package, a product library, node internals, GC */
  byOrigin: Array<{ origin: string; ms: number; share: number }>;
  /** self time by function */
  byFunction: Array<{ fn: string; ms: number; share: number }>;
  /** total (self and callees) time of frames whose name matches one of the markers */
  inclusive: Array<{ marker: string; ms: number; share: number }>;
  /** for the heaviest native frames (no source): who calls them, by self time spent under each caller */
  nativeCallers: Array<{ fn: string; callers: Array<{ caller: string; ms: number }> }>;
}

function originOf(url: string, name: string): string {
  if (!url) {
    if (name === '(garbage collector)') return 'GC';
    if (name === '(idle)') return '(idle)';
    if (name === '(program)') return '(program: native, compiler)';
    return `native ${name || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/')[0]}`;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const product = /\/dist\/(libs\/[^/]+(?:\/[^/]+)?|apps\/[^/]+)\//.exec(url);
  if (product) return `product ${product[1]!.replace(/\/src$/, '')}`;
  return url.replace(/^file:\/\//, '');
}

/** Self and inclusive times of a V8 .cpuprofile, grouped for a report. */
export function summariseProfile(file: string, markers: string[] = [], top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      selfMs.set(id, (selfMs.get(id) ?? 0) + dt);
    }
  }
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  let busyMs = 0;
  const origin = new Map<string, number>();
  const fn = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busyMs += ms;
    const o = originOf(url, functionName);
    origin.set(o, (origin.get(o) ?? 0) + ms);
    const f = `${functionName || '(anonymous)'} ${o}${url ? `:${lineNumber + 1}` : ''}`;
    fn.set(f, (fn.get(f) ?? 0) + ms);
  }
  // inclusive time: walk down from the root, counting a marked frame's subtree once
  const inclusive = new Map<string, number>(markers.map((m) => [m, 0]));
  const subtree = new Map<number, number>();
  const total = (id: number): number => {
    const cached = subtree.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id)!;
    let t = selfMs.get(id) ?? 0;
    for (const c of node.children ?? []) t += total(c);
    subtree.set(id, t);
    return t;
  };
  const visit = (id: number, inside: Set<string>) => {
    const node = byId.get(id)!;
    const name = `${node.callFrame.functionName} ${node.callFrame.url}`;
    let now = inside;
    for (const m of markers) {
      if (!inside.has(m) && name.includes(m)) {
        inclusive.set(m, (inclusive.get(m) ?? 0) + total(id));
        if (now === inside) now = new Set(inside);
        now.add(m);
      }
    }
    for (const c of node.children ?? []) visit(c, now);
  };
  const root = profile.nodes[0];
  if (root) visit(root.id, new Set());
  // callers of the heaviest native frames
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parentOf.set(c, node.id);
  const label = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${originOf(node.callFrame.url, node.callFrame.functionName)}${
      node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''
    }`;
  const natives = new Map<string, Map<string, number>>();
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    const { functionName, url } = node.callFrame;
    if (!ms || url || functionName.startsWith('(')) continue;
    // the nearest caller with a source
    let parent = parentOf.get(node.id);
    while (parent !== undefined && !byId.get(parent)!.callFrame.url) parent = parentOf.get(parent);
    const caller = parent === undefined ? '(root)' : label(byId.get(parent)!);
    const callers = natives.get(functionName) ?? new Map<string, number>();
    callers.set(caller, (callers.get(caller) ?? 0) + ms);
    natives.set(functionName, callers);
  }
  const nativeCallers = [...natives]
    .map(([fn, callers]) => ({ fn, total: [...callers.values()].reduce((a, b) => a + b, 0), callers }))
    .sort((a, b) => b.total - a.total)
    .slice(0, 5)
    .map(({ fn, callers }) => ({
      fn,
      callers: [...callers]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([caller, ms]) => ({ caller, ms: Math.round(ms) })),
    }));
  const share = (ms: number) => (busyMs ? Math.round((ms / busyMs) * 1000) / 10 : 0);
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    file,
    wallMs: Math.round(wallMs),
    busyMs: Math.round(busyMs),
    byOrigin: sorted(origin).map(([o, ms]) => ({ origin: o, ms: Math.round(ms), share: share(ms) })),
    byFunction: sorted(fn).map(([f, ms]) => ({ fn: f, ms: Math.round(ms), share: share(ms) })),
    inclusive: [...inclusive].map(([marker, ms]) => ({ marker, ms: Math.round(ms), share: share(ms) })),
    nativeCallers,
  };
}

export function formatProfileSummary(s: ProfileSummary, title: string): string {
  const lines = [
    `${title}: ${s.file}`,
    `  wall ${s.wallMs} ms, CPU busy ${s.busyMs} ms (${s.wallMs ? Math.round((s.busyMs / s.wallMs) * 100) : 0}% of one core)`,
    '  self time by origin:',
    ...s.byOrigin.map((o) => `    ${String(o.share).padStart(5)}%  ${String(o.ms).padStart(7)} ms  ${o.origin}`),
    '  self time by function:',
    ...s.byFunction.map((f) => `    ${String(f.share).padStart(5)}%  ${String(f.ms).padStart(7)} ms  ${f.fn}`),
  ];
  if (s.inclusive.length) {
    lines.push('  inclusive time of marked frames:');
    lines.push(
      ...s.inclusive.map((i) => `    ${String(i.share).padStart(5)}%  ${String(i.ms).padStart(7)} ms  ${i.marker}`),
    );
  }
  if (s.nativeCallers.length) {
    lines.push('  heaviest native frames, by caller:');
    for (const n of s.nativeCallers) {
      lines.push(`    ${n.fn}: ${n.callers.map((c) => `${c.caller} (${c.ms} ms)`).join('; ')}`);
    }
  }
  return lines.join('\n');
}
