// The SES receipt event the inbound Lambda gets, for tests that deliver stored raw mail to it.

/** A capture address with +tags after its token: `<token>+conf+mentor@domain`. */
export const tagged = (capture: string, tags: string[] = []) => {
  const [token, domain] = capture.split('@');
  return `${[token, ...tags].join('+')}@${domain}`;
};

/** One Lambda-action record for the message stored under `messageId`, every verdict PASS unless given; `mailFrom` is the envelope sender. */
export const sesReceipt = (
  messageId: string,
  recipients: string[],
  verdicts: { spf?: string; dkim?: string; dmarc?: string } = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  mailFrom?: string,
) => ({
  Records: [
    {
      eventSource: 'aws:ses',
      ses: {
        mail: { messageId, ...(mailFrom ? { source: mailFrom } : {}) },
        receipt: {
          recipients,
          ...(verdicts.spf ? { spfVerdict: { status: verdicts.spf } } : {}),
          ...(verdicts.dkim ? { dkimVerdict: { status: verdicts.dkim } } : {}),
          ...(verdicts.dmarc ? { dmarcVerdict: { status: verdicts.dmarc } } : {}),
        },
      },
    },
  ],
});
