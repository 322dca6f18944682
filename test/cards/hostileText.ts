import { BENIGN, type OutsideText } from './cardSamples';

/** Strings a customer name, domain, reservation name, SKU or typed query might hold. */
export const HOSTILE: Readonly<Record<string, string>> = {
  'very long': 'Contoso Überlong Holdings '.repeat(400).slice(0, 10_000),
  bold: '**bold** and __bold__',
  italic: '_it_ and *it*',
  link: '[click me](https://evil.example)',
  code: '`rm -rf /` and ```fence```',
  heading: '# heading',
  'bullet list': '- list item',
  'plus list': '+ list item',
  'ordered list': '1. list item',
  'ordered list paren': '2) list item',
  quote: '> quoted',
  script: '<script>alert(1)</script>',
  mention: '<at>x</at>',
  'template cardId': '${cardId}',
  'template root': '${$root.x}',
  'template function': "${if(true, 'a', 'b')}",
  mustache: '{{x}}',
  'when keyword': '$when',
  'json breaking': 'quote " backslash \\ nul \u0000 newline \n return \r tab \t end',
  'rtl override': 'invoice\u202egpj.exe',
  'emoji and zero-width': '👩‍💻 Contoso 🚀\u200b\u200c\u200d\u2060\ufeff\u00ad\u0085 Ltd',
  everything: '**x** _y_ [l](https://evil.example) `c` <b>h</b> ${cardId} {{x}} " \\ \u202e 🚀\n# h\n- l',
};

/** Every outside string of a sample set to `value`; ids hostile too, or left benign (a 10,000-character id is no test). */
export const outside = (value: string, ids: 'benign' | 'hostile'): OutsideText => ({
  customerName: value,
  customerDomain: value,
  reservationName: value,
  sku: value,
  region: value,
  query: value,
  ticketId: value,
  ...(ids === 'hostile'
    ? { customerId: `cust/${value}`, reservationId: `res/${value}`, replacementId: `item/${value}` }
    : { customerId: BENIGN.customerId, reservationId: BENIGN.reservationId, replacementId: BENIGN.replacementId }),
});

