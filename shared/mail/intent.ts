// What an email from the user means: is it a forward of someone else's message, or the user
// writing (a reply that quotes earlier mail is still the user writing)? And does its new text
// ask for an answer, or is it thanks or news that expects none?
import { isCaptureDomainAddress } from './address.ts';
import { FORWARD_MARKERS, FORWARD_SUBJECT, QUOTE_MARKERS } from './forward.ts';
import type { ParsedMail } from './parse.ts';

/** Re:, and its forms in the clients' other languages (AW, SV, Antw, Rif, RE). */
const REPLY_SUBJECT = /^\s*(re|aw|sv|antw|rif|r|ynt|odp)\s*(\[\d+\])?\s*:/i;

/**
 * A forward is marked as one (Fwd:, a forward banner), or sent to the capture address itself
 * carrying someone's mail. A reply (Re:) with the capture address in Bcc, or with quoted mail
 * under Outlook's or AOL's "Original Message" rule, is the user writing.
 */
export function isForwardByUser(mail: ParsedMail, captureDomain: string): boolean {
  const subject = mail.subject ?? '';
  if (FORWARD_SUBJECT.test(subject)) return true;
  if (FORWARD_MARKERS.some((m) => m.test(mail.text))) return true;
  if (REPLY_SUBJECT.test(subject)) return false;
  const captureVisible = [...mail.to, ...mail.cc].some((p) => isCaptureDomainAddress(p.email, captureDomain));
  const carriesMail = mail.attachedMessages.length > 0 || QUOTE_MARKERS.some((m) => m.test(mail.text));
  return captureVisible && carriesMail;
}

export const isReplySubject = (subject: string | undefined) => REPLY_SUBJECT.test(subject ?? '');

// Asking for something: a question, or the ways residents ask in writing.
const ASKS = [
  /\?/,
  /\b(could|would|can|may|will)\s+(you|we|i)\b/i,
  /\b(please|kindly)\b/i,
  /\blet me know\b/i,
  /\b(wondering|wonder if)\b/i,
  /\b(grateful|appreciate)\b.{0,40}\b(if|for|opportunity|chance|time|advice|guidance|minutes)\b/i,
  /\b(hope|hoping|like|love)\s+to\s+(meet|chat|talk|speak|connect|discuss|hear|learn|ask|stay in touch|set up|schedule|join|visit|rotate|shadow)\b/i,
  /\b(looking forward to (hearing|your|speaking|meeting|talking))\b/i,
  /\b(available|availability|free)\b.{0,30}\b(call|chat|meet|talk|time|minutes|week)\b/i,
  /\b(interested in|inquir(e|ing|y)|request(ing)?|seeking)\b/i,
  /\b(any (advice|chance|openings?|positions?|spots?)|is there)\b/i,
];

// Thanks and news: what a note says when it expects no answer.
const THANKS_OR_NEWS = [
  /\b(thank you|thanks|thank-you|grateful for|many thanks|appreciated)\b/i,
  /\b(wanted to (share|let you know|update you|tell you)|happy to (share|report|tell)|pleased to (share|report|tell)|excited to (share|tell|report)|update:|quick update|good news)\b/i,
  /\b(i (passed|matched|got|received|published|presented|finished|completed|started|joined|was accepted))\b/i,
];

/**
 * Whether the new text of an email the user wrote waits for an answer. Outreach does; thanks
 * or news with no ask in it does not, and neither does an answer to a thank-you or an update
 * that Rounds asked for. When in doubt it does (the playbook's nudge is the default).
 */
export function expectsReply(newText: string, context: { answersThanksOrUpdate: boolean }): boolean {
  const text = newText.replace(/\s+/g, ' ').trim();
  if (ASKS.some((a) => a.test(text))) return true;
  return !(context.answersThanksOrUpdate || THANKS_OR_NEWS.some((t) => t.test(text)));
}

// Asking a program where one stands: what the Match's code of conduct says neither side asks.
const ASKS_ABOUT_RANK = [
  /\b(where|how (high(ly)?|well))\s+(you|your program|the program|the committee)\s+((will|would|might|do|plan to)\s+)?rank/i,
  /\b(where|how (high(ly)?|well)?)\s+(do|will|would|might)\s+(you|your program|the program|the committee)\b[^.?!]{0,40}\brank/i,
  /\b(will|would|do|did|are|am)\s+(you|i|we)\b[^.?!]{0,30}\b(rank(ed|ing)?)\b[^.?!]{0,20}\b(me|highly|to match)\b/i,
  /\b(my|where i (am|stand|fall)( on)?)\s+(position|place|standing|spot)?\s*(on|in)\s+your\s+rank\s*(order)?\s*list\b/i,
  /\bam i (ranked|on your rank (order )?list|ranked to match)\b/i,
  /\b(likely|chances?) (of|to) match(ing)? (at|with|into) (your|the) program\b/i,
];

/** Whether the user's new text asks a program about its ranking of them. */
export const asksAboutRank = (newText: string): boolean => {
  const text = newText.replace(/\s+/g, ' ');
  return ASKS_ABOUT_RANK.some((a) => a.test(text));
};
