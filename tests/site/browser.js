// What t-export-site.sh asks of a real browser: Debian's chromium, driven by
// playwright-core (no browser of its own is downloaded), over file:// URLs.
//
//   node browser.js crawl DIR           open DIR/index.html, follow every
//                                       internal link (and #fragment) to
//                                       every page; check each page's
//                                       landmarks, headings, lang, stylesheet
//   node browser.js axe PAGE...         run axe-core on each page: no
//                                       violation (WCAG 2.1 A/AA and best
//                                       practice)
//   node browser.js focus PAGE          Tab reaches the skip link first, and
//                                       a focused link has a visible outline
//   node browser.js shot PAGE PNG [W H] a screenshot of PAGE
//
// Environment: CHROMIUM (the browser), NODE_PATH (where the packages are).
// Exit status 0 when every check passes; otherwise 1, one line per problem.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');
const { chromium } = require('playwright-core');

const problems = [];
const problem = (msg) => { problems.push(msg); console.log('problem: ' + msg); };

async function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
	});
}

const url = (file) => pathToFileURL(path.resolve(file)).href;

// Checks the structure of the page open in p (name for messages).
async function structure(p, name) {
	const s = await p.evaluate(() => {
		const q = (sel) => document.querySelectorAll(sel).length;
		const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => +h.tagName[1]);
		// (a file:// stylesheet's rules cannot be read: its effect can)
		const skipEl = document.querySelector('a.skip');
		const css = [document.styleSheets.length, skipEl ? getComputedStyle(skipEl).position : ''];
		return {
			lang: document.documentElement.getAttribute('lang'),
			dir: document.documentElement.getAttribute('dir'),
			title: document.title,
			header: q('body > header'), nav: q('nav'), main: q('main'), footer: q('body > footer'),
			h1: q('h1'), levels, css, scripts: q('script'),
			skip: (document.querySelector('a.skip') || {}).hash || '',
			mainId: (document.querySelector('main') || {}).id || '',
		};
	});
	if (!s.lang) problem(`${name}: no lang attribute`);
	if (!s.title) problem(`${name}: no title`);
	for (const k of ['header', 'main', 'footer'])
		if (s[k] !== 1) problem(`${name}: ${s[k]} <${k}> landmarks (want 1)`);
	if (s.nav < 1) problem(`${name}: no <nav>`);
	if (s.h1 !== 1) problem(`${name}: ${s.h1} h1 headings (want 1)`);
	if (s.levels[0] !== 1) problem(`${name}: the first heading is h${s.levels[0]}`);
	for (let i = 1; i < s.levels.length; i++)
		if (s.levels[i] > s.levels[i - 1] + 1)
			problem(`${name}: h${s.levels[i - 1]} is followed by h${s.levels[i]}`);
	if (s.scripts) problem(`${name}: has a script`);
	if (s.css[0] !== 1 || s.css[1] !== 'absolute') problem(`${name}: the stylesheet did not load (${JSON.stringify(s.css)})`);
	if (s.skip !== '#main' || s.mainId !== 'main') problem(`${name}: no skip link to <main id="main">`);
	return s;
}

async function crawl(dir) {
	const root = path.resolve(dir);
	const browser = await launch();
	const p = await browser.newPage();
	const seen = new Map(); // file -> ids
	const links = [];
	const queue = [path.join(root, 'index.html')];
	let failed = 0;
	p.on('requestfailed', (r) => { failed++; problem(`request failed: ${r.url()}`); });
	while (queue.length) {
		const file = queue.shift();
		if (seen.has(file)) continue;
		const resp = await p.goto(pathToFileURL(file).href);
		if (!resp || !resp.ok()) { problem(`${file}: did not open`); seen.set(file, new Set()); continue; }
		const name = path.relative(root, file);
		await structure(p, name);
		const got = await p.evaluate(() => ({
			ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
			hrefs: [...document.querySelectorAll('a[href], link[href]')].map((a) => [a.getAttribute('href'), a.href]),
		}));
		seen.set(file, new Set(got.ids));
		for (const [raw, abs] of got.hrefs) {
			const u = new URL(abs);
			if (u.protocol !== 'file:') { problem(`${name}: external link ${raw}`); continue; }
			const target = fileURLToPath(u.href.split('#')[0]);
			if (!target.startsWith(root + path.sep)) { problem(`${name}: link out of the site: ${raw}`); continue; }
			links.push({ from: name, raw, target, frag: u.hash ? decodeURIComponent(u.hash.slice(1)) : '' });
			if (!fs.existsSync(target)) { problem(`${name}: broken link ${raw}`); continue; }
			if (target.endsWith('.html')) queue.push(target);
		}
	}
	for (const l of links) {
		if (!l.frag || !seen.has(l.target)) continue;
		if (!seen.get(l.target).has(l.frag)) problem(`${l.from}: link ${l.raw}: no element with id ${l.frag}`);
	}
	const pages = fs.readdirSync(root).filter((f) => f.endsWith('.html'));
	for (const f of pages)
		if (!seen.has(path.join(root, f))) problem(`${f}: no link leads to it`);
	console.log(`crawled ${seen.size} pages, ${links.length} internal links, ${failed} failed requests`);
	await browser.close();
}

async function axe(pages) {
	const browser = await launch();
	const p = await browser.newPage();
	for (const f of pages) {
		await p.goto(url(f));
		await p.addScriptTag({ path: require.resolve('axe-core') });
		const r = await p.evaluate(() => axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
		}));
		for (const v of r.violations)
			problem(`${f}: axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
		console.log(`axe ${f}: ${r.passes.length} rules pass, ${r.violations.length} violations, ${r.incomplete.length} to review`);
	}
	await browser.close();
}

async function focus(page) {
	const browser = await launch();
	const p = await browser.newPage();
	await p.goto(url(page));
	await p.keyboard.press('Tab');
	const f = await p.evaluate(() => {
		const a = document.activeElement, cs = getComputedStyle(a), r = a.getBoundingClientRect();
		return { cls: a.className, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth), visible: r.width > 0 && r.left >= 0 };
	});
	if (f.cls !== 'skip') problem(`${page}: the first Tab does not reach the skip link (${f.cls})`);
	if (!f.visible) problem(`${page}: the focused skip link is not on screen`);
	if (f.outline === 'none' || !(f.width >= 2)) problem(`${page}: no visible focus outline (${f.outline} ${f.width})`);
	await p.keyboard.press('Enter');
	const at = await p.evaluate(() => location.hash);
	if (at !== '#main') problem(`${page}: the skip link leads to ${at}`);
	console.log(`focus ${page}: skip link first, outline ${f.outline} ${f.width}px`);
	await browser.close();
}

async function shot(page, png, w, h) {
	const browser = await launch();
	const p = await browser.newPage({ viewport: { width: +(w || 1100), height: +(h || 1300) } });
	await p.goto(url(page));
	await p.screenshot({ path: png });
	console.log(`screenshot of ${page} in ${png}`);
	await browser.close();
}

(async () => {
	const [cmd, ...args] = process.argv.slice(2);
	if (cmd === 'crawl') await crawl(args[0]);
	else if (cmd === 'axe') await axe(args);
	else if (cmd === 'focus') await focus(args[0]);
	else if (cmd === 'shot') await shot(...args);
	else { console.log('usage: browser.js crawl DIR | axe PAGE... | focus PAGE | shot PAGE PNG [W H]'); process.exit(2); }
	process.exit(problems.length ? 1 : 0);
})().catch((e) => { console.log('problem: ' + (e && e.stack || e)); process.exit(1); });
