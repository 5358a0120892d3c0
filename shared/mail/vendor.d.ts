declare module 'email-reply-parser' {
  type Fragment = { getContent(): string; isHidden(): boolean; isQuoted(): boolean };
  export default class EmailReplyParser {
    read(text: string): { getFragments(): Fragment[]; getVisibleText(): string };
  }
}
