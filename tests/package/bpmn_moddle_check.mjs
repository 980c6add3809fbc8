// bpmn_moddle_check.mjs - reads each BPMN file named on the command line with
// bpmn-moddle (the model layer of the bpmn.io modelers) and fails on any
// warning: an element, attribute or reference the modelers would drop or
// misread. Also checks that every flow node and sequence flow has a shape or
// edge in the diagram, so a modeler draws the whole process.
//
// usage: node tests/package/bpmn_moddle_check.mjs FILE.bpmn...
import { readFile } from 'node:fs/promises';
import { BpmnModdle } from 'bpmn-moddle';

const moddle = new BpmnModdle();
let failed = 0;

function fail(file, message) {
  console.error(`FAIL ${file}: ${message}`);
  failed++;
}

for (const file of process.argv.slice(2)) {
  const before = failed;
  const xml = await readFile(file, 'utf8');
  let result;
  try {
    result = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    fail(file, `not readable: ${err.message}`);
    continue;
  }
  const { rootElement, warnings } = result;
  for (const w of warnings) fail(file, `warning: ${w.message}`);

  const proc = rootElement.rootElements.find((e) => e.$type === 'bpmn:Process');
  if (!proc) {
    fail(file, 'no bpmn:Process');
    continue;
  }
  const drawn = new Set();
  for (const diagram of rootElement.diagrams || [])
    for (const el of diagram.plane.planeElement || []) drawn.add(el.bpmnElement && el.bpmnElement.id);
  for (const el of proc.flowElements || [])
    if (!drawn.has(el.id)) fail(file, `${el.$type} ${el.id} has no shape or edge`);
  for (const lane of (proc.laneSets || []).flatMap((s) => s.lanes || []))
    if (!drawn.has(lane.id)) fail(file, `lane ${lane.id} has no shape`);
  if (failed === before) console.log(`ok ${file}: ${(proc.flowElements || []).length} flow elements`);
}
process.exitCode = failed ? 1 : 0;
