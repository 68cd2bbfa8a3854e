/**
 * @module bounce/lhost
 * Decoders for non-standard bounce formats, one file per MTA or provider template. Each one
 * recognises its format from stable markers (From, Subject, X- headers, fixed sentences of the
 * template) and returns the recipients with their diagnostic text; none decides a reason.
 * The first decoder that recognises the message wins, so the list goes from the most specific
 * markers to the most generic ones.
 */
import type { Lhost } from '../types.js';
import { postfix } from './postfix.js';
import { exim } from './exim.js';
import { sendmail } from './sendmail.js';
import { qmail } from './qmail.js';
import { TEMPLATE_LHOSTS } from './templates.js';
import { amazonses } from './amazonses.js';

export const LHOSTS: readonly Lhost[] = [amazonses, postfix, sendmail, qmail, ...TEMPLATE_LHOSTS, exim];
