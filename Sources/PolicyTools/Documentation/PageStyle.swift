// The stylesheet every proof-reading page carries inline: a printed proof sheet's sober
// typography, CJK fonts first, bordered tables, citations in the documents' red, and the charts'
// strokes. No web font is fetched: the stack names fonts a machine may have, then sans-serif.

import PolicyLanguage

enum PageStyle {
    static let css: StaticString = """

        :root {
          --ink: #1b1b1b; --muted: #5f5f5f; --line: #8c8c8c; --faint: #d9d6cf; --paper: #ffffff;
          --desk: #e9e6df; --red: #b0231b; --blue: #1d4f91; --quote: #faf6ea; --quote-line: #d6c28f;
          --sans: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC",
            "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", sans-serif;
          --serif: "Noto Serif CJK SC", "Noto Serif SC", "Source Han Serif SC", "Source Han Serif CN", "Songti SC",
            "STSong", "SimSun", "Noto Sans CJK SC", "WenQuanYi Micro Hei", serif;
          --mono: "Noto Sans Mono CJK SC", "Noto Sans Mono", "DejaVu Sans Mono", "Noto Sans CJK SC", "Microsoft YaHei",
            "WenQuanYi Micro Hei Mono", monospace;
        }
        * { box-sizing: border-box; }
        html { background: var(--desk); }
        body { margin: 0; padding: 24px 0 48px; color: var(--ink); font-family: var(--sans); font-size: 15px;
          line-height: 1.65; }
        main { max-width: 1120px; margin: 0 auto; padding: 28px 56px 40px; background: var(--paper);
          box-shadow: 0 1px 4px rgba(0, 0, 0, 0.18); }
        a { color: var(--blue); text-decoration: none; }
        a:hover { text-decoration: underline; }
        p { margin: 0.35em 0; }
        .back { margin: 0 0 8px; font-size: 13px; }

        .masthead { text-align: center; border-bottom: 3px solid var(--red); padding-bottom: 14px; margin-bottom: 20px; }
        .kicker { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: 0.12em; }
        h1 { margin: 6px 0 4px; color: var(--red); font-family: var(--serif); font-size: 28px; font-weight: 700;
          letter-spacing: 0.04em; line-height: 1.35; }
        .docno { margin: 0 0 12px; font-family: var(--serif); font-size: 16px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; max-width: 760px;
          margin: 10px auto 0; text-align: left; font-size: 14px; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }

        h2 { margin: 30px 0 10px; padding: 2px 0 4px 12px; border-left: 5px solid var(--red);
          border-bottom: 1px solid var(--faint); font-size: 19px; line-height: 1.4; }
        h2.untitled { color: var(--muted); border-left-color: var(--faint); }
        h3 { margin: 0; font-size: 17px; }
        section.preamble p, .note p, p.note { color: #3a3a3a; }
        div.note { margin: 10px 0; padding: 4px 12px; border-left: 3px solid var(--faint); font-size: 14px; }
        nav.contents ol { columns: 2; column-gap: 32px; margin: 0; padding-left: 22px; font-size: 14px; }
        nav.contents li { break-inside: avoid; }

        article.decl { margin: 14px 0; padding: 10px 16px 12px; border: 1px solid var(--faint); border-radius: 2px;
          break-inside: avoid; }
        .decl-head { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 10px; row-gap: 2px; }
        .decl-head .detail { color: var(--muted); font-size: 13.5px; }
        .decl-head code.type { margin-left: 2px; color: var(--muted); font-family: var(--mono); font-size: 14px;
          font-weight: 400; }
        .decl-head .cite { margin-left: auto; }
        .cite { color: var(--red); font-family: var(--serif); font-size: 14px; }
        .kind { display: inline-block; min-width: 4.6em; padding: 0 6px; border: 1px solid currentColor;
          border-radius: 2px; font-size: 11.5px; line-height: 1.6; text-align: center; letter-spacing: 0.04em;
          text-transform: uppercase; color: var(--muted); }
        .kind-program { color: var(--red); }
        .kind-obligation { color: #7a4b00; }
        .kind-rule { color: var(--blue); }
        .kind-open { color: #7a4b00; }
        .kind-input { color: var(--muted); }
        .nowrap { white-space: nowrap; }
        .kind-quota, .kind-table { color: #2f5d3a; }

        blockquote.quote { margin: 8px 0; padding: 4px 12px; background: var(--quote);
          border-left: 3px solid var(--quote-line); font-family: var(--serif); font-size: 14.5px; }
        pre, code, td.code { text-autospace: no-autospace; }
        pre.source { margin: 8px 0; padding: 8px 12px; background: #f6f6f4; border: 1px solid #e2e0da;
          font-family: var(--mono); font-size: 13.5px; line-height: 1.55; white-space: pre-wrap;
          overflow-wrap: anywhere; }
        p.overrides, p.limit-rule { font-size: 14px; }
        p.overrides { color: var(--muted); }
        ol.cases { display: flex; flex-wrap: wrap; gap: 4px 8px; margin: 8px 0 0; padding: 0; list-style: none;
          counter-reset: case; }
        ol.cases li { padding: 0 8px; border: 1px solid var(--faint); border-radius: 2px; font-size: 14px;
          counter-increment: case; }
        ol.cases li::before { content: counter(case) ". "; color: var(--muted); font-size: 12px; }

        .scroll { overflow-x: auto; }
        table.data { margin: 10px 0; border-collapse: collapse; font-size: 14px; }
        table.data caption { caption-side: top; text-align: left; padding: 0 0 4px; color: var(--muted);
          font-size: 13px; letter-spacing: 0.06em; text-transform: uppercase; }
        table.data th, table.data td { padding: 3px 10px; border: 1px solid var(--line); vertical-align: top;
          text-align: left; }
        table.data thead th { background: #efece5; font-weight: 600; white-space: nowrap; }
        table.data th.key { background: #e6e1d5; }
        table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.data .rownum { color: var(--muted); font-size: 12px; text-align: right; font-variant-numeric: tabular-nums; }
        table.data thead th.rownum { font-weight: 400; }
        table.data td.rownum { vertical-align: middle; }
        table.data td.absent { text-align: center; color: var(--muted); }
        table.data td.code { font-size: 13.5px; color: #262626; }
        table.data td.cite { white-space: normal; }
        table.data td.changed { background: #fff6e0; }
        table.data td .was { display: block; color: #6b6b6b; font-size: 12px; }
        table.data tr.added td.rownum { color: var(--red); }
        table.data tr.removed td { color: #8a8a8a; text-decoration: line-through; }
        pre.source.replaced { opacity: 0.75; border-left: 3px solid var(--faint); }
        table.data td.name { font-weight: 600; }
        table.data td.quote-cell { font-family: var(--serif); font-size: 13.5px; color: #3a3a3a; }
        table.data tfoot th { text-align: left; font-weight: 600; background: #f7f5ef; white-space: nowrap; }
        table.data tr.total td, table.data tr.total th { border-top: 2px solid var(--ink); font-weight: 700; }
        table.data tr.sum td, table.data tr.sum th { color: var(--muted); font-weight: 400; }
        table.data tr.sum td.match { color: #24622f; }
        table.data tr.sum td.mismatch, table.data td.mismatch { color: var(--red); font-weight: 700; background: #fbeaea; }
        table.inputs, table.tests, table.index { width: 100%; }
        table.inputs, table.tests { table-layout: fixed; }
        table.inputs col.col-name { width: 19%; }
        table.inputs col.col-kind { width: 8%; }
        table.inputs col.col-type { width: 11%; }
        table.inputs col.col-bounds { width: 15%; }
        table.inputs col.col-citation { width: 19%; }
        table.tests col.col-example { width: 27%; }
        table.tests col.col-given { width: 31%; }
        table.tests col.col-expected { width: 30%; }
        table.tests col.col-now { width: 12%; }
        table.inputs td, table.tests td { overflow-wrap: anywhere; }
        table.index { table-layout: fixed; }
        table.index col.col-policy { width: 29%; }
        table.index col.col-document { width: 15%; }
        table.index col.col-jurisdiction { width: 11%; }
        table.index col.col-period { width: 19%; }
        table.index col.col-extends { width: 9%; }
        table.index col.col-programs { width: 8%; }
        table.index thead th { white-space: normal; }
        table.index td { padding: 6px 10px; }
        table.index td.policy a.name { display: block; font-weight: 700; font-size: 15px; }
        table.index td.policy .title { display: block; font-family: var(--serif); color: #333; }
        table.index td.period { white-space: nowrap; font-variant-numeric: tabular-nums; }
        dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; font-size: 14px; }
        dl.legend dd { margin: 0; color: #3a3a3a; }
        section.inherited h3.fallback-policy { margin: 14px 0 4px; font-size: 16px; }
        section.inherited h3 .detail { color: var(--muted); font-size: 13.5px; font-weight: 400; }
        dl.fallbacks { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; font-size: 14px; }
        dl.fallbacks dt { color: var(--muted); }
        dl.fallbacks dd { margin: 0; }
        table.data td.code .was { font-family: var(--sans); }
        table.tests .example-name { font-weight: 600; }
        table.tests td.status { white-space: nowrap; }
        table.data td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
        .pass { color: #24622f; }
        .fail, tr.fails td.status { color: var(--red); font-weight: 700; }
        tr.fails { background: #fbeaea; }

        figure.chart { margin: 10px 0 4px; }
        figure.chart svg { display: block; max-width: 100%; height: auto; font-family: var(--sans); }
        figure.chart figcaption { max-width: 680px; color: var(--muted); font-size: 13px; }
        svg .grid { stroke: #ebe8e1; stroke-width: 1; }
        svg .axis { stroke: var(--ink); stroke-width: 1.2; }
        svg .tick-mark { stroke: var(--ink); stroke-width: 1; }
        svg .tick { fill: #444; font-size: 11px; font-variant-numeric: tabular-nums; }
        svg .axis-label { fill: var(--ink); font-size: 12px; }
        svg .edge { stroke: #9a9a9a; stroke-width: 1; stroke-dasharray: 2 3; }
        svg .edge-label { fill: #555; font-size: 11px; }
        svg .curve { fill: none; stroke: var(--blue); stroke-width: 2.5; stroke-linejoin: round; }
        svg .cap { stroke: var(--red); stroke-width: 1.5; stroke-dasharray: 7 4; }
        svg .cap-label { fill: var(--red); font-size: 12px; font-weight: 600; }
        svg .dot { fill: var(--blue); stroke: var(--blue); stroke-width: 1.5; }
        svg .dot.open { fill: var(--paper); }
        svg .reach-label { fill: var(--red); font-size: 11px; }
        svg .value { fill: var(--blue); font-size: 11px; font-variant-numeric: tabular-nums; }

        footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--faint); color: var(--muted);
          font-size: 13px; }

        @media print {
          html, body { background: var(--paper); padding: 0; }
          main { max-width: none; padding: 0; box-shadow: none; }
          .back { display: none; }
          h2 { break-after: avoid; }
        }
        @page { size: A4; margin: 16mm 14mm; }

        """
}
