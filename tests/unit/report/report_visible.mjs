// SPDX-License-Identifier: Apache-2.0
// Whether sections of a report page are visible once Chromium has laid it out: each is present,
// has a size, is not hidden by its styles or an ancestor's, and shows its heading and rows. The
// page is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: messages are JSON
// ending in a NUL byte on file descriptors 3 and 4), so nothing beyond Node.js and Debian's
// chromium is needed and no port is opened. Networking stays off as in the DOM check. Prints one
// JSON line per section and writes a screenshot of each beside the page; exits 1 when one is not
// visible.
//
//   node report_visible.mjs CHROMIUM PAGE.html PROFILE_FOLDER SECTION_ID...
import {spawn} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {pathToFileURL} from 'node:url';

const [browser, page, profile, ...sections] = process.argv.slice(2);
const child = spawn(browser,
                    [
                        '--headless', '--disable-gpu', '--no-sandbox', '--no-first-run',
                        `--user-data-dir=${profile}`, '--proxy-server=127.0.0.1:9',
                        '--host-resolver-rules=MAP * ~NOTFOUND', '--remote-debugging-pipe',
                        '--window-size=1280,900', 'about:blank'
                    ],
                    {stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe']});
const deadline = setTimeout(() => fail('Chromium did not answer within 90 s'), 90000);

function fail(message) {
    console.error(message);
    child.kill();
    process.exit(1);
}
child.on('error', (error) => fail(`cannot start ${browser}: ${error.message}`));

let nextId = 1;
const replies = new Map();   // id -> {resolve, reject}
const listeners = new Set();  // (message) -> void, for events
let pending = Buffer.alloc(0);
child.stdio[4].on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    let end;
    while ((end = pending.indexOf(0)) >= 0) {
        const message = JSON.parse(pending.subarray(0, end).toString('utf8'));
        pending = pending.subarray(end + 1);
        const reply = replies.get(message.id);
        if (reply) {
            replies.delete(message.id);
            message.error ? reply.reject(new Error(JSON.stringify(message.error)))
                          : reply.resolve(message.result);
        } else {
            listeners.forEach((listener) => listener(message));
        }
    }
});

function send(method, params = {}, sessionId = undefined) {
    const id = nextId++;
    child.stdio[3].write(JSON.stringify({id, method, params, sessionId}) + '\0');
    return new Promise((resolve, reject) => replies.set(id, {resolve, reject}));
}

function event(method, sessionId) {
    return new Promise((resolve) => {
        const listener = (message) => {
            if (message.method === method && message.sessionId === sessionId) {
                listeners.delete(listener);
                resolve(message.params);
            }
        };
        listeners.add(listener);
    });
}

// Runs in the page: what a reader would see of each section.
function inspect(ids) {
    return ids.map((id) => {
        const element = document.getElementById(id);
        if (!element) {
            return {id, visible: false, why: 'absent'};
        }
        let hidden = null;
        for (let at = element; at; at = at.parentElement) {
            const style = getComputedStyle(at);
            if (style.display === 'none' || style.visibility !== 'visible' ||
                Number(style.opacity) === 0) {
                hidden = at.tagName.toLowerCase() + (at.id ? '#' + at.id : '');
                break;
            }
        }
        const box = element.getBoundingClientRect();
        const heading = element.querySelector('h2');
        const headingBox = heading ? heading.getBoundingClientRect() : null;
        const sized = box.width > 0 && box.height > 0 && headingBox !== null &&
                      headingBox.width > 0 && headingBox.height > 0;
        // A table wider than its section is cut off on the right when printed.
        const fits = element.scrollWidth <= element.clientWidth + 1;
        return {
            id,
            visible: hidden === null && sized && fits,
            why: hidden ? `hidden by ${hidden}` : !sized ? 'no size' : !fits ? 'wider than the page' : '',
            heading: heading ? heading.innerText : '',
            rows: element.querySelectorAll('tbody tr').length,
            box: {x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height},
        };
    });
}

try {
    const {targetId} = await send('Target.createTarget', {url: 'about:blank'});
    const {sessionId} = await send('Target.attachToTarget', {targetId, flatten: true});
    await send('Page.enable', {}, sessionId);
    const loaded = event('Page.loadEventFired', sessionId);
    await send('Page.navigate', {url: pathToFileURL(page).href}, sessionId);
    await loaded;
    const {result} = await send('Runtime.evaluate', {
        expression: `(${inspect.toString()})(${JSON.stringify(sections)})`,
        returnByValue: true,
    }, sessionId);
    let failed = false;
    for (const section of result.value) {
        console.log(JSON.stringify(section));
        failed ||= !section.visible;
        if (section.visible) {
            const shot = await send('Page.captureScreenshot', {
                format: 'png',
                captureBeyondViewport: true,
                // A margin round the section: its borders and the page's own padding.
                clip: {
                    x: Math.max(0, section.box.x - 16),
                    y: Math.max(0, section.box.y - 16),
                    width: section.box.width + 32,
                    height: section.box.height + 32,
                    scale: 1,
                },
            }, sessionId);
            writeFileSync(page.replace(/\.html$/, '') + `-${section.id}.png`,
                          Buffer.from(shot.data, 'base64'));
        }
    }
    clearTimeout(deadline);
    await send('Browser.close').catch(() => {});
    process.exit(failed ? 1 : 0);
} catch (error) {
    fail(`DevTools: ${error.message}`);
}
