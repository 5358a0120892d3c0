// The app's one stylesheet and one script, served from /assets (the CSP allows only our own).
// Phone first: one column, 44 px touch targets, system fonts; wider screens get more columns.

export const APP_CSS = `
:root{--ink:#1d2330;--muted:#4a5368;--line:#d5d9e3;--bg:#f6f7fa;--card:#fff;--accent:#1f5fbf;--warn:#9a3412;--ok:#166534}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
header.top{background:var(--ink);color:#fff;padding:8px 12px;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
header.top .brand{font-weight:700;margin-right:auto;color:#fff;text-decoration:none}
header.top nav{display:flex;gap:4px;flex-wrap:wrap}
header.top nav a{color:#fff;text-decoration:none;padding:10px 8px;border-radius:6px}
header.top nav a[aria-current=page]{background:#3b4457}
main{max-width:960px;margin:0 auto;padding:16px 12px 48px}
h1{font-size:1.5rem;margin:8px 0 16px}h2{font-size:1.15rem;margin:24px 0 8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px;margin:0 0 12px}
.card h3{margin:0 0 4px;font-size:1.05rem}
.card>h2:first-child{margin-top:0}
details>summary{min-height:44px;display:flex;align-items:center;cursor:pointer}
.meta{color:var(--muted);font-size:.9rem}
.due-overdue{color:var(--warn);font-weight:600}.due-sent{color:var(--accent);font-weight:600}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:10px}
.actions form{margin:0}
button,.button{font:inherit;min-height:44px;padding:8px 14px;border-radius:8px;border:1px solid var(--line);background:#fff;color:var(--ink);cursor:pointer;text-decoration:none;display:inline-flex;align-items:center}
button.primary,.button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button.danger{color:var(--warn)}
details.snooze summary{min-height:44px;display:inline-flex;align-items:center;padding:8px 14px;border:1px solid var(--line);border-radius:8px;background:#fff;cursor:pointer}
details.snooze .choices{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
label{display:block;font-weight:600;margin:12px 0 4px}
input,select,textarea{font:inherit;width:100%;min-height:44px;padding:8px;border:1px solid #8a93a6;border-radius:8px;background:#fff;color:var(--ink)}
textarea{min-height:88px}
.inline{display:flex;gap:8px;align-items:end;flex-wrap:wrap}.inline>*{flex:1 1 140px}
.status{background:#e8f1ff;border:1px solid #b6cdf5;border-radius:8px;padding:10px 12px;margin-bottom:12px}
.problem{background:#fdecea;border-color:#f3b4ab}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:8px;border-bottom:1px solid var(--line);vertical-align:top}
td{overflow-wrap:anywhere}
tr.problem td{background:#fdecea}
.list{list-style:none;padding:0;margin:0}
.list li{background:#fff;border:1px solid var(--line);border-radius:10px;padding:10px 12px;margin-bottom:8px}
.list li a{font-weight:600}
.pager{display:flex;gap:8px;justify-content:space-between;margin-top:12px}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--line)}
.timeline li{margin:0 0 12px 0;padding-left:12px}
code.addr{word-break:break-all;font-size:1rem}
.grid{display:grid;gap:12px}
@media (min-width:720px){.grid.two{grid-template-columns:1fr 1fr}main{padding:24px}}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

// Progressive enhancement only: every page works without it.
import { MODERN_ZONE_NAMES } from '../../domain/zones.ts';

export const APP_JS = `
var MODERN = ${JSON.stringify(MODERN_ZONE_NAMES)};
document.addEventListener('click', function (e) {
  var b = e.target.closest('[data-copy]');
  if (!b || !navigator.clipboard) return;
  navigator.clipboard.writeText(b.getAttribute('data-copy')).then(function () {
    var was = b.textContent; b.textContent = 'Copied'; setTimeout(function () { b.textContent = was; }, 1500);
  });
});
// A long import goes on step by step by itself; without script, its Continue button does.
document.querySelectorAll('form[data-autosubmit]').forEach(function (f) { f.submit(); });
document.querySelectorAll('select[data-detect-zone]').forEach(function (s) {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    zone = MODERN[zone] || zone;
    if (zone && s.querySelector('option[value="' + zone + '"]')) s.value = zone;
  } catch (e) {}
});
`;
