/** The report page's styles: readable in print and on screen, light and dark. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #656d76; --code-bg: #f6f8fa; --border: #d0d7de;
  --err-bg: #fff1f0; --err-fg: #a40e26; --kw: #cf222e; --str: #0a3069; --num: #0550ae; --com: #6e7781; --fn: #8250df; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --code-bg: #161b22; --border: #30363d;
  --err-bg: #2d1214; --err-fg: #ff7b72; --kw: #ff7b72; --str: #a5d6ff; --num: #79c0ff; --com: #8b949e; --fn: #d2a8ff; } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
.notebook { max-width: 980px; margin: 0 auto; padding: 24px 16px 64px; }
.cell { margin: 14px 0; }
.markdown img { max-width: 100%; }
.markdown table, table.data { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
.markdown th, .markdown td, table.data th, table.data td { border: 1px solid var(--border); padding: 3px 8px; text-align: left; vertical-align: top; }
table.data caption { caption-side: top; white-space: nowrap; text-align: left; color: var(--muted); font-size: 13px; padding-bottom: 2px; }
.input { display: flex; gap: 8px; align-items: flex-start; }
.prompt { flex: 0 0 44px; color: var(--muted); font: 13px/1.9 ui-monospace, SFMono-Regular, Menlo, monospace; text-align: right; }
pre { margin: 0; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre.code { flex: 1; background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: 8px 10px; }
.outputs { margin: 6px 0 0 52px; }
.output { margin: 4px 0; }
.output.stream.stderr { color: var(--err-fg); }
.output.error pre { background: var(--err-bg); color: var(--err-fg); padding: 8px 10px; border-radius: 6px; }
.output img { max-width: 100%; }
.hljs-keyword, .hljs-built_in, .hljs-literal { color: var(--kw); }
.hljs-string, .hljs-regexp { color: var(--str); }
.hljs-number { color: var(--num); }
.hljs-comment { color: var(--com); font-style: italic; }
.hljs-title, .hljs-title.function_ { color: var(--fn); }
.ansi-black-fg { color: #3e424d; } .ansi-red-fg { color: #e75c58; } .ansi-green-fg { color: #00a250; } .ansi-yellow-fg { color: #ddb62b; }
.ansi-blue-fg { color: #208ffb; } .ansi-magenta-fg { color: #d160c4; } .ansi-cyan-fg { color: #60c6c8; } .ansi-white-fg { color: #c5c1b4; }
.ansi-bright-black-fg { color: #282c36; } .ansi-bright-red-fg { color: #b22b31; } .ansi-bright-green-fg { color: #007427; }
.ansi-bright-yellow-fg { color: #b27d12; } .ansi-bright-blue-fg { color: #0065ca; } .ansi-bright-magenta-fg { color: #a03196; }
.ansi-bright-cyan-fg { color: #258f8f; } .ansi-bright-white-fg { color: #a1a6b2; }
.ansi-red-bg { background: #e75c58; } .ansi-green-bg { background: #00a250; } .ansi-yellow-bg { background: #ddb62b; } .ansi-blue-bg { background: #208ffb; }
@media print { .notebook { max-width: none; } pre { white-space: pre-wrap; } }
`;
