// Phone numbers as Swedes read them ("070-174 06 10", "0123-456 700"): the server keeps
// E.164, the screens show the national form; extensions and other non-E.164 input as given.
export { formatSwedish as displayNumber } from '../../../src/core/numbers/format.js';
