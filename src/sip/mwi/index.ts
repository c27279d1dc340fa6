// Message-waiting indication (RFC 3842 over RFC 6665). See src/services/voicemail/README.md.
export { DEFAULT_MWI_SETTINGS, MwiService, type MwiOptions, type MwiSettings } from './mwi.js';
export { formatMessageSummary, MESSAGE_SUMMARY_EVENT, MESSAGE_SUMMARY_TYPE, parseMessageSummary, type MailboxSummary, type ParsedSummary } from './summary.js';
