// Dialogs of RFC 3261 12. See src/sip/README.md.
export { type CheckResult, Dialog, dialogKey, type DialogSide, DialogTable, incomingDialogKey, type InDialogRequestOptions } from './dialog.js';
