/**
 * EPO publication-server documents (`ep-patent-document`, DTD v1.0 to v1.5). Bibliographic data
 * sits in the SDOBI block, in INID-numbered B-codes rather than ST.36 element names:
 *   B110 number, B130 kind, B140/date publication date, B190 office,
 *   B210 application number, B220/date filing date, B260 language of publication,
 *   B300 priorities (B310 number, B320/date, B330/ctry, repeated in sequence),
 *   B510EP/classification-ipcr (v1.x), or B510/B511 main + B512 further (older IPC form),
 *   B540 titles as B541 language / B542 title pairs,
 *   B711 applicants (A documents) or B731 proprietors (B documents), B721 inventors,
 *   B560/B561 patent citations of the search report in text form ("EP-A- 0 529 854").
 * Abstract, description and claims (one `claims` per language in B documents) are ST.36
 * elements under the root; v1.5 adds an `ep-reference-list` of patcit document-ids.
 */
import type { Party, Priority } from '../../model';
import { attr, element, elements, textOf, type XmlElement } from './xml';
import { normalizeDate, normalizeIpc, normalizeLang } from './normalize';
import { party, priorityClaim } from './patent-record';
import {
  citationFromText,
  emptyDraft,
  ipcrCodes,
  patcitCitations,
  readBody,
  stripCareOf,
  type PatentDraft,
} from './st36-common';

export function readEpDocument(root: XmlElement): PatentDraft {
  const draft = emptyDraft(root.name);
  const sdobi = element(root, 'SDOBI');
  const b100 = element(sdobi, 'B100');
  const b200 = element(sdobi, 'B200');
  const b500 = element(sdobi, 'B500');
  const b700 = element(sdobi, 'B700');

  draft.country = textOf(element(b100, 'B190')) || attr(root, 'country');
  draft.docNumber = textOf(element(b100, 'B110')) || attr(root, 'doc-number');
  draft.kind = textOf(element(b100, 'B130')) || attr(root, 'kind');
  draft.published =
    normalizeDate(textOf(element(element(b100, 'B140'), 'date'))) ??
    normalizeDate(attr(root, 'date-publ'));
  draft.docLang =
    normalizeLang(attr(root, 'lang')) ??
    normalizeLang(attr(sdobi, 'lang')) ??
    normalizeLang(textOf(element(b200, 'B260')));

  draft.applicationNumber = textOf(element(b200, 'B210')) || undefined;
  draft.filed = normalizeDate(textOf(element(element(b200, 'B220'), 'date')));
  draft.priority = elements(sdobi, 'B300').flatMap(readPriorities);

  const b510ep = element(b500, 'B510EP');
  const b510 = element(b500, 'B510');
  draft.ipc = [
    ...ipcrCodes(elements(b510ep, 'classification-ipcr')),
    ...elements(b510, 'B511', 'B512', 'B513').map((e) => normalizeIpc(textOf(e))),
  ];

  for (const b540 of elements(b500, 'B540')) {
    let lang: string | undefined;
    for (const child of elements(b540)) {
      if (child.name === 'B541') lang = textOf(child);
      else if (child.name === 'B542') draft.titles.push({ lang, text: textOf(child) });
    }
  }

  draft.applicants = [
    ...elements(element(b700, 'B710'), 'B711'),
    ...elements(element(b700, 'B730'), 'B731'),
  ].map(readParty);
  draft.inventors = elements(element(b700, 'B720'), 'B721').map((e) =>
    stripCareOf(readParty(e).name),
  );

  const searchReport = elements(element(b500, 'B560'), 'B561').map((e) =>
    citationFromText(textOf(element(e, 'text')) || textOf(e)),
  );
  draft.citations = [...searchReport, ...patcitCitations(root)].filter(
    (c): c is string => c !== undefined,
  );

  return Object.assign(draft, readBody([root]));
}

/** B300 holds B310/B320/B330 in sequence, one triple per priority (or one B300 per priority). */
function readPriorities(b300: XmlElement): Priority[] {
  const out: { country?: string; number: string; date?: string }[] = [];
  for (const child of elements(b300)) {
    if (child.name === 'B310') out.push({ number: textOf(child) });
    const cur = out[out.length - 1];
    if (!cur) continue;
    if (child.name === 'B320') cur.date = normalizeDate(textOf(element(child, 'date')));
    if (child.name === 'B330') cur.country = textOf(element(child, 'ctry')) || undefined;
  }
  return out.flatMap(({ country, number, date }) => priorityClaim(country, number, date));
}

/** snm (surname or organisation, as EPO writes it), fnm when given separately, adr/ctry. */
function readParty(e: XmlElement): Party {
  const snm = textOf(element(e, 'snm'));
  const fnm = textOf(element(e, 'fnm'));
  const name = fnm ? `${snm}, ${fnm}` : snm;
  return party(name, textOf(element(element(e, 'adr'), 'ctry')));
}
