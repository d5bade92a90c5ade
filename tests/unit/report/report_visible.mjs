// SPDX-License-Identifier: Apache-2.0
// Whether sections of a report page are visible once Chromium has laid it out: each is present,
// has a size, is not hidden by its styles or an ancestor's, is no wider than the page, and shows
// its heading and rows. Debian's chromium is driven by playwright-core (the npm project in
// tests/web, which scripts/setup installs with `npm ci`; it never downloads a browser of its own).
// Networking stays off as in the DOM check. Prints one JSON line per section and writes a
// screenshot of each beside the page; exits 1 when one is not visible, or when playwright-core or
// the browser cannot be had (setup installs both, so their absence is a failure, not a skip).
//
//   node report_visible.mjs CHROMIUM PAGE.html PROFILE_FOLDER SECTION_ID...
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';

const [browserPath, pagePath, profile, ...sections] = process.argv.slice(2);

function fail(message) {
    console.error(message);
    process.exit(1);
}

// playwright-core lives in tests/web/node_modules, not beside this script.
let chromium;
try {
    const webTests = createRequire(new URL('../../web/package.json', import.meta.url));
    ({chromium} = webTests('playwright-core'));
} catch (error) {
    fail(`playwright-core is not installed in tests/web (scripts/setup runs 'npm ci' there): ` +
         error.message);
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

let context;
try {
    // A persistent context keeps the profile in PROFILE_FOLDER, as the DOM check does. Chromium's
    // sandbox cannot run as root, so it is turned off only there.
    context = await chromium.launchPersistentContext(profile, {
        executablePath: browserPath,
        headless: true,
        chromiumSandbox: process.getuid?.() !== 0,
        args: ['--disable-gpu', '--proxy-server=127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND'],
        viewport: {width: 1280, height: 900},
        timeout: 90000,
    });
} catch (error) {
    fail(`cannot start ${browserPath} (Debian's chromium, which scripts/setup installs) with ` +
         `playwright-core: ${error.message}`);
}

let failed = false;
try {
    const page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(90000);
    await page.goto(pathToFileURL(pagePath).href, {waitUntil: 'load'});
    for (const section of await page.evaluate(inspect, sections)) {
        console.log(JSON.stringify(section));
        failed ||= !section.visible;
        if (section.visible) {
            // A margin round the section: its borders and the page's own padding. With fullPage,
            // the clip is in the page's coordinates, beyond the window as needed.
            await page.screenshot({
                path: pagePath.replace(/\.html$/, '') + `-${section.id}.png`,
                fullPage: true,
                clip: {
                    x: Math.max(0, section.box.x - 16),
                    y: Math.max(0, section.box.y - 16),
                    width: section.box.width + 32,
                    height: section.box.height + 32,
                },
            });
        }
    }
} catch (error) {
    console.error(`playwright-core: ${error.message}`);
    failed = true;
} finally {
    await context.close().catch(() => {});
}
process.exit(failed ? 1 : 0);
