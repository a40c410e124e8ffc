/**
 * The presets' place in the project's XMP packet (Project.xmpPacket, "the project's XMP
 * metadata, stored as RDF"): one rdf:Description of our own namespace holding the preset file's
 * text. Everything else in the packet is kept byte for byte; our description is replaced as a
 * whole, or added before </rdf:RDF>. No XML parser is documented in UXP, so this works on the text,
 * on the description it wrote itself.
 */
import { CoherentStyleError } from '../../engine/errors';

const NAMESPACE = 'http://ns.coherentstyle.app/presets/1.0/';
const PREFIX = 'coherentStyle';
const OURS = new RegExp(`\\s*<rdf:Description\\b[^>]*xmlns:${PREFIX}="${NAMESPACE.replace(/[./]/g, '\\$&')}"[^>]*>[\\s\\S]*?</rdf:Description>`);
const VALUE = new RegExp(`<${PREFIX}:presets>([\\s\\S]*?)</${PREFIX}:presets>`);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const UNESCAPES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => ESCAPES[c]);
const unescapeText = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => UNESCAPES[name]);

const EMPTY_PACKET = '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
  + ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>';

/** The preset text stored in the packet, if any. */
export function presetsInXmp(packet: string): string | undefined {
  const ours = OURS.exec(packet)?.[0];
  const value = ours && VALUE.exec(ours)?.[1];
  return value === undefined ? undefined : unescapeText(value);
}

/** The packet with our description holding `presetText`, every other part as it was. */
export function withPresetsInXmp(packet: string, presetText: string): string {
  const base = packet.trim() === '' ? EMPTY_PACKET : packet;
  const description = `\n  <rdf:Description rdf:about="" xmlns:${PREFIX}="${NAMESPACE}">\n`
    + `   <${PREFIX}:presets>${escapeText(presetText)}</${PREFIX}:presets>\n  </rdf:Description>`;
  if (OURS.test(base)) return base.replace(OURS, () => description);
  const end = base.lastIndexOf('</rdf:RDF>');
  if (end < 0) throw new CoherentStyleError('HOST', 'The project\'s XMP metadata has no RDF section to keep the presets in; they were kept in the file beside the project.');
  return `${base.slice(0, end).replace(/\s*$/, '')}${description}\n ${base.slice(end)}`;
}
