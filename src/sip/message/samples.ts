// Typical messages for tests and benchmarks here and in the layers above: what a softphone
// (Linphone) sends to the switchboard. Not used by the stack itself.

/** An SDP offer with G.711 A-law and µ-law and RFC 4733 telephone-event. */
export const SAMPLE_SDP_OFFER = [
  'v=0',
  'o=- 3920540512 3920540512 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 40000 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join('\r\n');

/** An INVITE from extension 1001 to the switchboard number, with SAMPLE_SDP_OFFER. */
export const SAMPLE_INVITE = [
  'INVITE sip:0101234567@vaxel.kommun.se;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---8c2bf3c1b3f2a0d1;rport',
  'Max-Forwards: 70',
  'Contact: <sip:1001@192.0.2.10:5060;transport=udp>',
  'To: <sip:0101234567@vaxel.kommun.se;user=phone>',
  'From: "Anna Öberg" <sip:1001@vaxel.kommun.se>;tag=5f3e2a1b',
  'Call-ID: 9c2f1e5d7a3b4c6d8e0f1a2b3c4d5e6f',
  'CSeq: 2 INVITE',
  'Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE',
  'Content-Type: application/sdp',
  'Supported: replaces, norefersub, timer',
  'User-Agent: Linphone Desktop/5.1.2',
  'Allow-Events: presence, kpml, talk',
  `Content-Length: ${Buffer.byteLength(SAMPLE_SDP_OFFER)}`,
  '',
  SAMPLE_SDP_OFFER,
].join('\r\n');
