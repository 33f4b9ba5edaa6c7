//! Words as both layers see them: their packed keys, the hasher of the
//! tables those keys and words are looked up in, and the characters a
//! word is made of.
//!
//! A key packs a word of at most [`PACK_MAX`] bytes into one `u128`, its
//! bytes from the lowest byte up, ASCII letters lower-cased, and its
//! length in the top byte: a word is looked up by one two-word hash, with
//! no lower-cased copy. Layer 2 packs only ASCII words ([`pack`]) and
//! looks the others up by their Unicode lower-case form; layer 1's number
//! words are ASCII letters, and [`word_key`] keeps any other byte as it
//! is. Both layers import this module, which imports only the tabled
//! Unicode class `is_alphanumeric` of layer 1's text helpers.
//!
//! [`is_word_char`] and [`BYTE_CLASS`] are one class, as a char test and
//! as a table of bytes: the chars layer 2's tokenizer and its noun list
//! keep inside one word.

use std::hash::Hasher;

use crate::quantity::is_alphanumeric;

/// The longest word (or words joined by one space) that [`pack`] and
/// [`pack_parts`] pack, in bytes.
pub(crate) const PACK_MAX: usize = 15;

/// The key of an ASCII word of at most [`PACK_MAX`] bytes, lower-cased,
/// packed into one integer: its bytes from the lowest byte up, then its
/// length in the top byte. Two words have the same key exactly when
/// their ASCII lower-case forms are equal; `None` for a longer or a
/// non-ASCII word.
// PERF: built from the bytes, with no lower-cased `String` hashed byte by byte
// (measured with `roles_of` in src/extract/token.rs).
pub(crate) fn pack(word: &[u8]) -> Option<u128> {
    pack_parts(&[word])
}

/// The key (see [`pack`]) of `parts` joined by one space.
pub(crate) fn pack_parts(parts: &[&[u8]]) -> Option<u128> {
    let mut buf = [0u8; 16];
    let mut len = 0;
    for (j, part) in parts.iter().enumerate() {
        let at = len + usize::from(j > 0);
        let to = at + part.len();
        if to > PACK_MAX {
            return None;
        }
        if j > 0 {
            buf[len] = b' ';
        }
        buf[at..to].copy_from_slice(part);
        len = to;
    }
    // `len` is at most 15: it is no letter and no high byte.
    buf[PACK_MAX] = len as u8;
    lower_packed(u128::from_le_bytes(buf))
}

/// [`pack`] of `text[start..end]`, read as one 16-byte load where the
/// text holds 16 bytes from `start`.
// PERF: read in place by one 16-byte load, where a copy called `memcpy`
// (extract/report/1MB: +5%; instructions hardly moved).
#[inline]
pub(crate) fn pack_in(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end.checked_sub(start)?;
    if len > PACK_MAX {
        return None;
    }
    let Some(bytes) = text.get(start..start + 16) else {
        return pack(text.get(start..end)?);
    };
    let mut buf = [0u8; 16];
    buf.copy_from_slice(bytes);
    let word = u128::from_le_bytes(buf) & ((1u128 << (8 * len)) - 1);
    lower_packed(word | (len as u128) << (8 * PACK_MAX))
}

/// The key of `x`, a word's bytes with its length in the top byte:
/// `None` if a byte is past ASCII, else the word lower-cased.
#[inline]
fn lower_packed(x: u128) -> Option<u128> {
    const LOW: u128 = u128::from_le_bytes([0x01; 16]);
    const HIGH: u128 = LOW * 0x80;
    if x & HIGH != 0 {
        return None;
    }
    // Every byte is below 0x80, so no sum carries into the next byte:
    // the top bit of a byte of `ge_a` is set when it is at least 'A', of
    // `gt_z` when it is above 'Z'.
    let ge_a = x + LOW * u128::from(0x80 - b'A');
    let gt_z = x + LOW * u128::from(0x80 - b'Z' - 1);
    let upper = (ge_a ^ gt_z) & HIGH;
    Some(x | (upper >> 2))
}

/// The key of a word of 1 to [`PACK_MAX`] bytes, in [`pack`]'s layout:
/// its ASCII letters lower-cased and any other byte as it is (so, of an
/// ASCII word, its [`pack`] key); `None` for an empty or a longer word.
/// Layer 1 keys its number words and phrase edges so.
pub(crate) fn word_key(word: &[u8]) -> Option<u128> {
    if word.is_empty() || word.len() > PACK_MAX {
        return None;
    }
    let mut buf = [0u8; 16];
    for (to, &b) in buf.iter_mut().zip(word) {
        *to = b.to_ascii_lowercase();
    }
    // `len` is at most 15, so the top byte holds it.
    buf[PACK_MAX] = word.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// The bytes of the word that `key` packs (see [`pack`]) and its length.
pub(crate) fn unpack(key: u128) -> ([u8; 16], usize) {
    let bytes = key.to_le_bytes();
    let len = usize::from(bytes[PACK_MAX]).min(PACK_MAX);
    (bytes, len)
}

// The word keys of layer 1 and the word tables of layer 2 share this
// hasher.
// PERF: not SipHash (~4% of a dense batch run): keys are trusted rule data and
// lookups only read, so flooding resistance buys nothing.

/// A fast hasher for short word keys: FxHash's multiply-rotate mix, eight
/// bytes at a time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordHasher(u64);

const WORD_HASH_K: u64 = 0x517c_c1b7_2722_0a95;

impl WordHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(WORD_HASH_K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.mix(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn write_u128(&mut self, i: u128) {
        self.mix(i as u64);
        self.mix((i >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Characters that the subject reader keeps inside one word: letters and
/// digits of any script, and the marks that join parts of one word
/// (hyphen, slash, apostrophes, the middle dot of inclusive writing
/// "agent·es").
pub(crate) fn is_word_char(ch: char) -> bool {
    is_alphanumeric(ch) || matches!(ch, '-' | '/' | '\'' | '’' | '&' | '·')
}

/// Byte classes of [`BYTE_CLASS`]: an ASCII byte that `char::is_whitespace`
/// accepts, one that [`is_word_char`] accepts, a letter or digit, and a
/// byte of a non-ASCII char.
pub(crate) const SPACE: u8 = 1;
pub(crate) const WORD: u8 = 2;
pub(crate) const ALNUM: u8 = 4;
pub(crate) const HIGH: u8 = 8;

/// The class bits of every byte value.
pub(crate) static BYTE_CLASS: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut t = [HIGH; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        t[b] = if matches!(c, b' ' | b'\t'..=b'\r') {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            WORD | ALNUM
        } else if matches!(c, b'-' | b'/' | b'\'' | b'&') {
            WORD
        } else {
            0
        };
        b += 1;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_read_in_place_is_the_key_of_the_copy() {
        let text = "Women-led CSOs: 12 x\u{e9}y, THE   programme\u{2019}s \
                    abcdefghijklmnopq end";
        let b = text.as_bytes();
        for start in 0..=b.len() {
            for end in start..=b.len() {
                assert_eq!(
                    pack_in(b, start, end),
                    pack(&b[start..end]),
                    "{start}..{end}"
                );
            }
        }
        assert_eq!(pack_in(b, 5, 2), None);
    }

    #[test]
    fn packed_keys_fold_ascii_case_only() {
        assert_eq!(pack(b"Women"), pack(b"wOMEN"));
        assert_ne!(pack(b"women"), pack(b"women "));
        assert_ne!(pack(b"a"), pack(b"a\0"));
        assert_eq!(pack_parts(&[b"Knowledge", b"Products"]), None);
        assert_eq!(pack_parts(&[b"Field", b"VISITS"]), pack(b"field visits"));
        assert_eq!(pack(b"@[`{"), pack(b"@[`{"));
        assert_ne!(pack(b"@"), pack(b"`"));
        assert_ne!(pack(b"["), pack(b"{"));
        assert_eq!(pack(&[b'a'; 15]).map(|_| ()), Some(()));
        assert_eq!(pack(&[b'a'; 16]), None);
        assert_eq!(pack("café".as_bytes()), None);
        // Every pair of ASCII bytes: equal keys exactly for equal
        // lower-case forms.
        for a in 0..0x80u8 {
            for b in 0..0x80u8 {
                let same = a.eq_ignore_ascii_case(&b);
                assert_eq!(pack(&[a, b'x', a]) == pack(&[b, b'x', b]), same);
            }
        }
    }

    #[test]
    fn word_keys_fold_ascii_case() {
        assert_eq!(word_key(b"Million"), word_key(b"million"));
        assert_ne!(word_key(b"million"), word_key(b"millions"));
        assert_eq!(word_key(&[b'a'; 16]), None);
    }

    #[test]
    fn a_layer_1_key_of_an_ascii_word_is_its_packed_key() {
        for w in ["a", "Million", "twenty-one", "@[`{", "abcdefghijklmno"] {
            assert_eq!(word_key(w.as_bytes()), pack(w.as_bytes()), "{w}");
            let (bytes, len) = unpack(word_key(w.as_bytes()).unwrap());
            assert_eq!(&bytes[..len], w.to_ascii_lowercase().as_bytes());
        }
        assert_eq!(word_key(b""), None);
        assert_eq!(pack(b""), Some(0));
        // Layer 1 keeps a byte past ASCII as it is (no Unicode case
        // folding); layer 2 gives such a word no key.
        assert_eq!(word_key("Café".as_bytes()), word_key("café".as_bytes()));
        assert_ne!(word_key("É".as_bytes()), word_key("é".as_bytes()));
        assert_eq!(pack("café".as_bytes()), None);
    }

    #[test]
    fn the_byte_classes_agree_with_the_char_classes() {
        for b in 0..=255u8 {
            let class = BYTE_CLASS[usize::from(b)];
            if b < 0x80 {
                let c = char::from(b);
                assert_eq!(class & WORD != 0, is_word_char(c), "{b:#x}");
                assert_eq!(class & SPACE != 0, c.is_whitespace(), "{b:#x}");
                assert_eq!(class & ALNUM != 0, c.is_alphanumeric(), "{b:#x}");
                assert_eq!(class & HIGH, 0);
            } else {
                assert_eq!(class, HIGH, "{b:#x}");
            }
        }
    }
}
