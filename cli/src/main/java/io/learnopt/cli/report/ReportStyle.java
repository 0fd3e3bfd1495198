package io.learnopt.cli.report;

/**
 * The report's stylesheet, inlined into the page so it needs no other file. Only fonts installed on
 * the reader's machine are named; numbers use tabular figures so columns line up; in print, every
 * experiment starts on a new page and figures and tables are not split.
 */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS =
      """
      :root {
        --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --soft: #f6f8fa;
        --accent: #0969da; --best: #dafbe1; --best-fg: #116329;
        --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono",
          "Liberation Mono", monospace;
      }
      * { box-sizing: border-box; }
      body {
        margin: 0; color: var(--fg); background: #fff;
        font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
          "Noto Sans", "DejaVu Sans", sans-serif;
      }
      .page { max-width: 1000px; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
      h1, h2, nav.toc a { overflow-wrap: anywhere; }
      h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .35rem; }
      h2 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .25rem; }
      h3 {
        font-size: .8rem; text-transform: uppercase; letter-spacing: .06em;
        color: var(--muted); margin: 1.75rem 0 .5rem;
      }
      a { color: var(--accent); }
      .meta, .subtitle { color: var(--muted); margin: 0 0 1.25rem; }
      nav.toc {
        border: 1px solid var(--border); border-radius: 8px; background: var(--soft);
        padding: .9rem 1.25rem; margin-bottom: 1rem;
      }
      nav.toc h2 {
        font-size: .8rem; text-transform: uppercase; letter-spacing: .06em;
        color: var(--muted); margin: 0 0 .4rem;
      }
      nav.toc ol { margin: 0; padding-left: 1.5rem; }
      nav.toc li { margin: .2rem 0; }
      nav.toc a { font-weight: 600; text-decoration: none; }
      nav.toc a:hover { text-decoration: underline; }
      .toc-best { color: var(--muted); font-size: .9rem; }
      .experiment { margin-top: 3rem; padding-top: 2rem; border-top: 2px solid var(--border); }
      .experiment h2 .number { color: var(--muted); font-weight: 400; margin-right: .4rem; }
      .notes {
        white-space: pre-line; background: #fff8c5; border-left: 4px solid #d4a72c;
        border-radius: 4px; padding: .6rem .9rem; margin: 0 0 1.25rem;
      }
      figure { margin: 1.25rem 0 1.75rem; }
      .plot { display: block; width: 100%; height: auto; margin: 0 auto; }
      /* A plot title wider than the plot (long problem specs) may spill into the margin
         rather than be cut off. */
      svg.plot { overflow: visible; }
      figcaption { text-align: center; color: var(--muted); font-size: .85rem; margin-top: .35rem; }
      .table-wrap { overflow-x: auto; }
      table.results {
        border-collapse: collapse; width: 100%; font-size: .95rem;
        font-variant-numeric: tabular-nums;
      }
      table.results caption {
        caption-side: bottom; text-align: left; color: var(--muted); font-size: .85rem;
        padding-top: .5rem;
      }
      table.results th, table.results td {
        padding: .45rem .8rem; text-align: right; white-space: nowrap;
        border-bottom: 1px solid var(--border);
      }
      table.results thead th {
        background: var(--soft); font-weight: 600; vertical-align: bottom;
        border-bottom: 2px solid var(--border); white-space: normal;
      }
      table.results.compact { font-size: .875rem; }
      table.results.compact th, table.results.compact td { padding: .4rem .5rem; }
      table.results thead tr:first-child th.group {
        text-align: center; border-bottom: 1px solid var(--border);
      }
      table.results .name { text-align: left; }
      table.results tbody th { font-weight: 500; }
      table.results tr.best th, table.results tr.best td {
        background: var(--best); color: var(--best-fg); font-weight: 700;
      }
      .badge {
        display: inline-block; margin-left: .4rem; padding: 0 .45rem; border-radius: 999px;
        background: var(--best-fg); color: #fff; font-size: .7rem; font-weight: 600;
        letter-spacing: .03em; vertical-align: .1em; text-transform: uppercase;
      }
      dl.settings {
        display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; margin: 0;
      }
      dl.settings dt { color: var(--muted); }
      dl.settings dd { margin: 0; font-family: var(--mono); font-size: .9rem; overflow-wrap: anywhere; }
      pre.command {
        margin: 0; padding: .75rem 1rem; background: var(--soft);
        border: 1px solid var(--border); border-radius: 6px;
        white-space: pre-wrap; overflow-wrap: anywhere;
        font: .875rem/1.5 var(--mono);
      }
      pre.command code { font: inherit; user-select: all; -webkit-user-select: all; }
      .missing { color: var(--muted); font-style: italic; }
      footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
      @media print {
        body { font-size: 10.5pt; }
        .page { max-width: none; padding: 0; }
        nav.toc { background: none; }
        .experiment { break-before: page; border-top: none; margin-top: 0; padding-top: 0; }
        .plot { width: 72%; }
        figure { margin: .5rem 0 1rem; }
        h3 { margin: 1rem 0 .3rem; }
        .subtitle { margin-bottom: .5rem; }
        .table-wrap { overflow: visible; }
        table.results { font-size: 9pt; }
        table.results.compact { font-size: 8pt; }
        table.results th, table.results td,
        table.results.compact th, table.results.compact td { padding: .25rem .4rem; }
        figure, table, pre, dl { break-inside: avoid; }
        h2, h3 { break-after: avoid; }
        a { color: inherit; text-decoration: none; }
        table.results tr.best th, table.results tr.best td, .badge, .notes {
          -webkit-print-color-adjust: exact; print-color-adjust: exact;
        }
      }
      """;
}
