/**
 * Snippets come from PostgreSQL's ts_headline with control characters as
 * markers (they cannot occur in the indexed text: the query strips them), and
 * are cut into parts here, so the API never hands out HTML it did not escape.
 */
export const FRAGMENT_SEPARATOR = '\u0001';
export const HIGHLIGHT_START = '\u0002';
export const HIGHLIGHT_END = '\u0003';

/** The characters stripped from source text before ts_headline marks it. */
export const MARKER_CHARACTERS = FRAGMENT_SEPARATOR + HIGHLIGHT_START + HIGHLIGHT_END;

/** ts_headline options: up to two fragments of 8–24 words around the matches, or the text's beginning. */
export const HEADLINE_OPTIONS = [
  `StartSel="${HIGHLIGHT_START}"`,
  `StopSel="${HIGHLIGHT_END}"`,
  `FragmentDelimiter="${FRAGMENT_SEPARATOR}"`,
  'MaxFragments=2',
  'MinWords=8',
  'MaxWords=24',
  'ShortWord=2',
].join(', ');

/** A run of snippet text, highlighted when it matched the query. */
export interface SnippetPart {
  text: string;
  highlighted: boolean;
}

const ELLIPSIS = ' … ';

/** Turns ts_headline output into parts; fragments are joined with an ellipsis, adjacent runs merged. */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, highlighted: boolean) => {
    if (!text) return;
    const previous = parts[parts.length - 1];
    if (previous && previous.highlighted === highlighted) previous.text += text;
    else parts.push({ text, highlighted });
  };
  headline
    .split(FRAGMENT_SEPARATOR)
    .map((fragment) => fragment.trim())
    .filter(Boolean)
    .forEach((fragment, index) => {
      if (index > 0) push(ELLIPSIS, false);
      for (const [position, piece] of fragment.split(HIGHLIGHT_START).entries()) {
        if (position === 0) {
          push(piece, false);
          continue;
        }
        const end = piece.indexOf(HIGHLIGHT_END);
        push(end < 0 ? piece : piece.slice(0, end), true);
        if (end >= 0) push(piece.slice(end + 1), false);
      }
    });
  return parts;
}

/** The words of the text that matched, as written, in order and without repeats ("beneficial ownership"). */
export function highlightedPhrases(parts: SnippetPart[]): string[] {
  const phrases: string[] = [];
  let run: string[] = [];
  const close = () => {
    const phrase = run.join(' ').trim();
    if (phrase && !phrases.some((known) => known.toLowerCase() === phrase.toLowerCase())) phrases.push(phrase);
    run = [];
  };
  for (const part of parts) {
    if (part.highlighted) run.push(part.text.trim());
    // Words separated by a space only belong to one phrase; anything else ends it.
    else if (part.text.trim() !== '') close();
  }
  close();
  return phrases;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The parts as HTML: text escaped, matches in `<mark>`. */
export function snippetHtml(parts: SnippetPart[]): string {
  return parts
    .map((part) => {
      const text = part.text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
      return part.highlighted ? `<mark>${text}</mark>` : text;
    })
    .join('');
}
