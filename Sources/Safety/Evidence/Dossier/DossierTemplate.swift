/// The printed logbook's templates: one page, inline CSS for screen and A4 paper, no scripts, nothing
/// loaded from elsewhere (the only addresses are the dossier's own `files/…`).
enum DossierTemplate {
    static let page = #"""
<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hygiene ({{format}})">
<title>{{title}} — {{generated}}</title>
<style>
@page { size: A4; margin: 15mm 14mm 17mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #444; } }
* { box-sizing: border-box; }
html { background: #fff; }
body { font: 11pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, "Helvetica Neue", sans-serif; color: #111; background: #fff;
       max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .4rem; }
.meta { margin: .2rem 0; }
.hash { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; font-size: .85em; overflow-wrap: anywhere; word-break: break-all; }
.check { border: 1px solid #555; padding: .5rem .8rem; margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
.check p { margin: .3rem 0; }
.other { color: #333; font-size: .92em; }
table.stamps { border-collapse: collapse; width: 100%; font-size: .9em; }
table.stamps th, table.stamps td { border-bottom: 1px solid #999; padding: .25rem .35rem; text-align: left; vertical-align: top; }
.record { border-top: 2px solid #222; padding: .5rem 0 .7rem; break-inside: avoid; page-break-inside: avoid; }
.record h3 { font-size: 1.05rem; margin: .1rem 0 .35rem; }
.record h3 .number { font-weight: normal; white-space: nowrap; }
.mark { display: inline-block; border: 1px solid #222; border-radius: 3px; padding: 0 .3rem; font-size: .8em; font-weight: normal; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .2rem 0; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.file { display: flex; gap: .8rem; align-items: flex-start; margin: .5rem 0 0 .8rem; padding: .35rem 0 0; border-top: 1px dotted #777;
        break-inside: avoid; page-break-inside: avoid; }
.file .about { flex: 1; min-width: 0; }
.file .about div { overflow-wrap: anywhere; }
img.thumb { display: block; width: auto; height: auto; max-width: 45mm; max-height: 45mm; border: 1px solid #777; background: #fff; }
a { color: #0b3d91; }
.end { border-top: 2px solid #222; margin-top: 1rem; padding-top: .4rem; }
@media print { body { margin: 0; max-width: none; padding: 0; font-size: 10pt; } a { color: #111; text-decoration: none; } }
</style>
</head>
<body>
<h1>{{title}}</h1>
<p class="meta">{{generatedLabel}}: {{generated}} <span class="hash">({{generatedUTC}})</span></p>
<p class="meta">{{summary}}</p>
<p class="meta">{{lastHashLabel}}:<br><span class="hash" id="last-hash">{{lastHash}}</span></p>
{{#verification}}<p class="meta">{{verificationLabel}}: {{.}}</p>{{/verification}}
<div class="check">
<p><strong>{{howToCheckTitle}}</strong></p>
<p>{{howToCheck}}</p>
<p>{{chainExplained}}</p>
{{#showOther}}<p class="other" lang="{{otherLang}}"><strong>{{otherHowToCheckTitle}}</strong> — {{otherHowToCheck}} {{otherChainExplained}}</p>{{/showOther}}
</div>
{{#hasStamps}}
<h2>{{stampsLabel}}</h2>
<p>{{stampsExplained}}</p>
<table class="stamps">
<thead><tr><th>{{stampRecordLabel}}</th><th>{{signedAtLabel}}</th><th>{{authorityLabel}}</th><th>{{hashLabel}}</th></tr></thead>
<tbody>
{{#stamps}}<tr><td><a href="#r{{recordNumber}}">{{recordNumber}}</a></td><td>{{signedAt}}</td><td>{{authority}}</td><td class="hash">{{chainHash}}</td></tr>
{{/stamps}}
</tbody>
</table>
{{/hasStamps}}
<h2>{{recordsLabel}}</h2>
<p>{{order}}</p>
<main>
{{{recordsHTML}}}
</main>
<p class="end">{{endLabel}} — {{summary}}</p>
</body>
</html>

"""#

    /// A part of the records, rendered on its own (several at once) and put into the page as it is.
    /// It is a template in two stages: first its labels (`[[placeLabel]]`) are filled in for the language,
    /// once; what that gives is the template each record goes through (`{{place}}`). Sections over values
    /// are flags (`hasPlace`), so that a value is always looked up in its record.
    ///
    /// Everything a person wrote (place, note, names…) goes through Mustache's escaping, `{{…}}`. Only
    /// values this program makes and checks to hold none of `& < > " '` — numbers, hashes, times,
    /// percent-encoded addresses — are put in as they are, `{{{…}}}`: escaping would not change them,
    /// and skipping it takes a third off the time 10,000 records take.
    static let records = #"""
{{=[[ ]]=}}
{{#records}}
<section class="record" id="r{{{number}}}">
<h3>{{{occurred}}} <span class="number">· [[recordLabel]] {{{number}}}</span>{{#correction}} <span class="mark">[[correctionMark]]</span>{{/correction}}{{#corrected}} <span class="mark">[[correctedMark]]</span>{{/corrected}}</h3>
<dl>
<dt>[[enteredLabel]]</dt><dd>{{{entered}}}</dd>
{{#hasPlace}}<dt>[[placeLabel]]</dt><dd>{{place}}</dd>
{{/hasPlace}}
{{#hasDuration}}<dt>[[durationLabel]]</dt><dd>{{duration}}</dd>
{{/hasDuration}}
{{#hasHow}}<dt>[[howLabel]]</dt><dd>{{how}}</dd>
{{/hasHow}}
{{#hasWitnesses}}<dt>[[witnessesLabel]]</dt><dd>{{witnesses}}</dd>
{{/hasWitnesses}}
{{#hasNote}}<dt>[[noteLabel]]</dt><dd>{{note}}</dd>
{{/hasNote}}
{{#correction}}<dt>[[correctsLabel]]</dt><dd><a href="#r{{{corrects}}}">{{{corrects}}}</a></dd>
{{/correction}}
{{#corrected}}<dt>[[correctedByLabel]]</dt><dd>{{#correctedBy}}<a href="#r{{{number}}}">{{{number}}}</a>{{#comma}}, {{/comma}}{{/correctedBy}}</dd>
{{/corrected}}
<dt>[[hashLabel]]</dt><dd class="hash">{{{hash}}}</dd>
<dt>[[previousHashLabel]]</dt><dd class="hash">{{{previousHash}}}</dd>
<dt>[[filesLabel]]</dt><dd>{{{fileCount}}}</dd>
</dl>
{{#files}}
<div class="file">
{{#image}}<a href="{{{href}}}"><img class="thumb" src="{{{href}}}" alt="{{path}}" loading="lazy"></a>
{{/image}}
<div class="about">
<div><a href="{{{href}}}">{{path}}</a></div>
<div>[[originalNameLabel]]: {{name}}</div>
<div>[[sizeLabel]]: {{{size}}} · [[modifiedLabel]]: {{{modified}}}</div>
<div>SHA-256: <span class="hash">{{{sha256}}}</span></div>
</div>
</div>
{{/files}}
</section>
{{/records}}

"""#
}
