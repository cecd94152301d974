#!/usr/bin/env node
// `npm run check:cycles`: src/ must have no import cycles, neither between
// modules nor between its folders (lib → domain → … → routes; a folder may
// only use folders below it). Type-only imports count: a cycle of types is
// still a cycle in the design. Exits non-zero and names each cycle found.
import madge from "madge";

const result = await madge("src", {
  fileExtensions: ["ts", "tsx"],
  tsConfig: "tsconfig.json",
  excludeRegExp: [/^cloudflare:/],
});
const graph = result.obj();

// The folder of a module: its first path segment, or the file itself at the top of src/.
const folderOf = (file) => (file.includes("/") ? file.split("/")[0] : file.replace(/\.tsx?$/, ""));

const folderEdges = new Map();
const witnesses = new Map();
for (const [from, targets] of Object.entries(graph)) {
  for (const to of targets) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    if (!folderEdges.has(a)) folderEdges.set(a, new Set());
    folderEdges.get(a).add(b);
    if (!witnesses.has(`${a}>${b}`)) witnesses.set(`${a}>${b}`, `${from} → ${to}`);
  }
}

/** Strongly connected components with more than one folder (Tarjan). */
function cyclicComponents(edges) {
  let index = 0;
  const stack = [];
  const onStack = new Set();
  const indices = new Map();
  const low = new Map();
  const found = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indices.get(next)));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indices.has(node)) visit(node);
  return found;
}

const moduleCycles = result.circular();
const folderCycles = cyclicComponents(folderEdges);
for (const cycle of moduleCycles) console.error(`module cycle: ${cycle.join(" → ")} → ${cycle[0]}`);
for (const component of folderCycles) {
  console.error(`folder cycle between ${component.join(", ")}:`);
  for (const a of component)
    for (const b of component) if (witnesses.has(`${a}>${b}`)) console.error(`  ${witnesses.get(`${a}>${b}`)}`);
}
if (moduleCycles.length || folderCycles.length) process.exit(1);
console.log(`no import cycles in src/ (${Object.keys(graph).length} modules)`);
