// Dialogs of RFC 3261 12. See README.md in this folder.
export { type CheckResult, Dialog, dialogKey, type DialogSide, DialogTable, incomingDialogKey, type InDialogRequestOptions } from './dialog.js';
