/**
 * Keeps the harmless part of a `style` attribute in sanitised HTML. DOMPurify keeps
 * style attributes whole, so `position:fixed; inset:0; z-index:99999` from a shared
 * notebook could lay a box over the whole page and catch every click. Only styling
 * that stays inside the output's own box is kept: colours, fonts, text, spacing,
 * borders and sizes. The browser's own CSS parser reads the attribute (a `;` inside a
 * string or `url()` cannot split a declaration), and it expands shorthands, so
 * `background: red` arrives here as `background-color` plus longhands that are dropped.
 */

const ALLOWED = new Set([
  'color',
  'background-color',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-align',
  'text-indent',
  'text-transform',
  'white-space',
  'vertical-align',
  'display',
  'width',
  'height',
  'min-width',
  'min-height',
  'max-width',
  'max-height',
  'list-style-type',
  'list-style-position',
  'border-collapse',
  'border-spacing',
]);

// Longhands of font, text-decoration, margin, padding and border (border-image excepted: it loads a URL).
const ALLOWED_FAMILY = /^(font-[a-z-]+|text-decoration-[a-z]+|margin-[a-z-]+|padding-[a-z-]+|border-(?!image)[a-z-]+)$/;

// A viewport-sized box is an overlay by another name; a URL loads something from elsewhere.
const UNSAFE_VALUE = /url\(|image-set\(|\d(vw|vh|vmin|vmax|svw|svh|lvw|lvh|dvw|dvh|vi|vb)\b/i;

// A negative margin pulls the output over what is above it, e.g. the toolbar.
const PLAIN_LENGTH = /^(auto|0|[0-9.]+[a-z%]*)( (auto|0|[0-9.]+[a-z%]*))*$/i;

let scratch: CSSStyleDeclaration | null = null;

/** The allowed declarations of `style`, as CSS text; empty when none is left. */
export function filterStyle(style: string): string {
  scratch ??= document.createElement('div').style;
  scratch.cssText = style;
  const kept = document.createElement('div').style;
  for (let i = 0; i < scratch.length; i++) {
    const property = scratch.item(i);
    const value = scratch.getPropertyValue(property);
    if (!ALLOWED.has(property) && !ALLOWED_FAMILY.test(property)) continue;
    if (UNSAFE_VALUE.test(value)) continue;
    if (property.startsWith('margin-') && !PLAIN_LENGTH.test(value.trim())) continue;
    kept.setProperty(property, value, scratch.getPropertyPriority(property));
  }
  return kept.cssText;
}
