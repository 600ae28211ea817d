/**
 * Function words that never make a key term (analyzers/key-terms.ts). Search itself keeps
 * them (a phrase needs them, and "không" can matter); only choosing what a long text is
 * about drops them. Vietnamese claim boilerplate ("bao gồm", "theo điểm") is not listed: it is
 * common in any corpus of Vietnamese patents, and the frequency ceiling drops it; English claim
 * words are listed because English may be a small share of the corpus.
 */

/** Vietnamese function syllables: particles, prepositions, conjunctions, pronouns, quantifiers. */
export const VIETNAMESE_STOP_WORDS: ReadonlySet<string> = new Set(
  `à ạ ai bị bởi các cái cả cho chỉ chiếc có còn của cũng dù đã đang đây để đến đều đó được
  gì hay hoặc hơn khi không là lại lên mà mỗi mọi một nào này nên nếu ngay nhau những như
  nhưng nơi ra rằng rất rồi sau sẽ sự tại thì theo thế trên trong từ và vào về vẫn với vì
  việc xuống đấy hết cùng nữa chứ thêm`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * English function words beyond Lucene's small stop set (which search uses): in a corpus that
 * is mostly Vietnamese, "which" or "said" is rare enough to look like a key term.
 */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `about above after again against all also am any because been before being below between both
  can could did do does doing down during each few from further had has have having he her here
  hers herself him himself his how i its itself just me more most my myself nor now off once
  only other our ours ourselves out over own same she should so some than those through too
  under until up very we were what when where which while who whom why would you your yours
  yourself thereof therein wherein whereby said may might must shall one two first second
  least using used use via per according claim claims characterized characterised comprising
  comprises consisting`
    .split(/\s+/)
    .filter(Boolean),
);
