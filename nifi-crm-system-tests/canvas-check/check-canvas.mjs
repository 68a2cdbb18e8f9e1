// Looks at a process group in a running NiFi 2.x UI with headless Chromium, as an operator would, and reports what is
// drawn over something else: component boxes (processors, funnels, ports, groups, labels) and connection labels
// overlapping each other, and label text that the UI wraps, cuts, draws over itself or outside its label. It also prints each
// label line's width as the browser measured it, to compare with FlowLayoutTest's estimate, and saves a screenshot.
// The static FlowLayoutTest is what the build relies on; this checks its geometry against the real UI.
//
//   node check-canvas.mjs <NiFi UI URL, e.g. http://127.0.0.1:8080/nifi/> [group name] [screenshot.png]
//
// Exit code 0: nothing overlaps; 1: problems (listed); 2: the page could not be checked.
import { chromium } from 'playwright-core';

const [uiUrl, groupName = 'CRM Migration', screenshot = 'canvas.png'] = process.argv.slice(2);
if (!uiUrl) {
    console.error('usage: node check-canvas.mjs <NiFi UI URL> [group name] [screenshot.png]');
    process.exit(2);
}
const base = new URL(uiUrl);
const root = await (await fetch(new URL('/nifi-api/flow/process-groups/root', base))).json();
const group = root.processGroupFlow.flow.processGroups.find((candidate) => candidate.component.name === groupName);
if (!group) {
    console.error(`no process group named '${groupName}' in the root group`);
    process.exit(2);
}

// Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']
});
try {
    const page = await browser.newPage({ viewport: { width: 2400, height: 1800 } });
    await page.goto(new URL(`/nifi/#/process-groups/${group.id}`, base).toString());
    await page.waitForSelector('g.connection g.connection-label-container', { timeout: 120000 });
    // the palettes float over the canvas; they are not part of the flow's layout
    await page.addStyleTag({ content: 'graph-controls { display: none !important; }' });
    await page.waitForTimeout(2000);

    const found = await page.evaluate(() => {
        const canvas = document.querySelector('#canvas');
        const scale = Number((canvas.getAttribute('transform').match(/scale\(([^)]+)\)/) || [null, '1'])[1]);
        const rect = (element) => {
            const box = element.getBoundingClientRect();
            return { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
        };
        // a name cut with an ellipsis keeps the whole name in its title
        const text = (element, selector) => {
            const found = element.querySelector(selector);
            return (found?.querySelector('title')?.textContent || found?.textContent || '').trim();
        };
        const boxes = [];
        const kinds = { processor: 'text.processor-name', funnel: null, 'input-port': 'text.port-name', 'output-port': 'text.port-name',
            'process-group': 'text.process-group-name', 'remote-process-group': 'text.remote-process-group-name', label: 'text.label-value tspan' };
        for (const [kind, nameSelector] of Object.entries(kinds)) {
            document.querySelectorAll(`g.${kind}.component`).forEach((element) => {
                const body = element.querySelector('rect.body');
                if (body) {
                    boxes.push({ what: `${kind} '${nameSelector ? text(element, nameSelector) : element.id}'`, ...rect(body) });
                }
            });
        }
        document.querySelectorAll('g.connection').forEach((element) => {
            const body = element.querySelector('g.connection-label-container rect.body');
            if (body) {
                boxes.push({ what: `connection label '${text(element, 'text.connection-name') || element.id}'`, ...rect(body) });
            }
        });
        const labels = [...document.querySelectorAll('g.label.component')].map((element) => ({
            id: element.id.replace(/^id-/, ''),
            box: rect(element.querySelector('rect.body')),
            fontSize: Number.parseFloat(element.querySelector('text.label-value').getAttribute('font-size')),
            lines: [...element.querySelectorAll('text.label-value tspan')].map((tspan) => ({
                text: tspan.textContent, length: tspan.getComputedTextLength(), ...rect(tspan)
            }))
        }));
        return { scale, boxes, labels };
    });

    const problems = [];
    const overlap = (first, second) => first.left < second.right - 0.5 && second.left < first.right - 0.5
        && first.top < second.bottom - 0.5 && second.top < first.bottom - 0.5;
    for (let first = 0; first < found.boxes.length; first++) {
        for (let second = first + 1; second < found.boxes.length; second++) {
            if (overlap(found.boxes[first], found.boxes[second])) {
                problems.push(`${found.boxes[first].what} overlaps ${found.boxes[second].what}`);
            }
        }
    }
    const flow = await (await fetch(new URL(`/nifi-api/flow/process-groups/${group.id}`, base))).json();
    const labelTexts = new Map(flow.processGroupFlow.flow.labels.map((label) => [label.id, label.component.label || '']));
    for (const label of found.labels) {
        const written = (labelTexts.get(label.id) || '').split('\n');
        const drawn = label.lines.map((line) => line.text).join(' ').replace(/\s+/g, ' ').trim();
        if (drawn !== written.join(' ').replace(/\s+/g, ' ').trim()) {
            problems.push(`label '${written[0]}' is not drawn whole: the UI stopped at '${drawn.slice(-40)}'`);
        }
        if (label.lines.length > written.length) {
            problems.push(`label '${written[0]}' has ${written.length} lines but the UI wrapped them into ${label.lines.length}, which it draws over each other at some zoom levels`);
        }
        label.lines.forEach((line, index) => {
            const next = label.lines[index + 1];
            // neighbouring lines' boxes touch (the UI spaces lines by their measured height); drawn over is more
            if (next && line.bottom - next.top > (line.bottom - line.top) / 4) {
                problems.push(`label line '${line.text}' is drawn over the next line '${next.text}'`);
            }
            if (line.right > label.box.right + 0.5 || line.bottom > label.box.bottom + 0.5) {
                problems.push(`label line '${line.text}' runs outside its label`);
            }
            const width = line.length;
            console.log(`label line ${index + 1}: ${width.toFixed(1)} px = ${(width / label.fontSize).toFixed(2)} em at ${label.fontSize}px: ${line.text}`);
        });
    }
    await page.screenshot({ path: screenshot });
    console.log(`${found.boxes.length} boxes and connection labels on the canvas (scale ${found.scale.toFixed(2)}); screenshot ${screenshot}`);
    problems.forEach((problem) => console.log(`PROBLEM ${problem}`));
    console.log(problems.length === 0 ? 'nothing overlaps' : `${problems.length} problems`);
    process.exitCode = problems.length === 0 ? 0 : 1;
} finally {
    await browser.close();
}
