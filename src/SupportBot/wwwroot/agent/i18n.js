// The console's language: English, or Indonesian from the agent's preference (else the browser's language). The
// English text is the key: t('Send') in the modules that build the page, and translatePage() for every other
// string, so the markup stays readable English. New text on the page (a module rendering the queue, the
// transcript's event lines) is translated as it is added, by one observer; what customers, agents and articles
// wrote is never touched (noTranslate).
const dictionaries = {
  id: {
    phrases: {
      'Agent console': 'Konsol agen',
      'Lumora Support · Agent console': 'Lumora Support · Konsol agen',
      live: 'langsung',
      Mentions: 'Sebutan',
      'Canned responses': 'Balasan siap pakai',
      'Add agent': 'Tambah agen',
      'Sign out': 'Keluar',
      'Sign in': 'Masuk',
      'Agent id': 'ID agen',
      Password: 'Kata sandi',
      'Sign in with Microsoft': 'Masuk dengan Microsoft',
      'Wrong agent id or password.': 'ID agen atau kata sandi salah.',
      Queue: 'Antrean',
      Conversations: 'Percakapan',
      'Nobody is waiting.': 'Tidak ada yang menunggu.',
      'Nothing matches these filters.': 'Tidak ada yang cocok dengan filter ini.',
      'Pick a conversation from the queue.': 'Pilih percakapan dari antrean.',
      Claim: 'Ambil',
      'Customer is typing…': 'Pelanggan sedang mengetik…',
      Send: 'Kirim',
      'Add note': 'Tambah catatan',
      'Attach file': 'Lampirkan berkas',
      'Reply or note': 'Balasan atau catatan',
      'Reply to the customer (Markdown: **bold**, *italic*, [link](https://…), - lists). / for canned responses.':
        'Balas pelanggan (Markdown: **tebal**, *miring*, [tautan](https://…), - daftar). / untuk balasan siap pakai.',
      'Only agents see notes; @id notifies a colleague': 'Hanya agen yang melihat catatan; @id memberi tahu rekan',
      Escalation: 'Eskalasi',
      'Suggested answers': 'Saran jawaban',
      'Hand over': 'Serahkan',
      Transfer: 'Alihkan',
      'Transfer to agent': 'Alihkan ke agen',
      'Transfer to queue': 'Alihkan ke antrean',
      'agent…': 'agen…',
      'queue…': 'antrean…',
      or: 'atau',
      'Resolve and send survey': 'Selesaikan dan kirim survei',
      'Customer journey': 'Perjalanan pelanggan',
      'Full journey': 'Perjalanan lengkap',
      'Nothing else from this customer yet.': 'Belum ada hal lain dari pelanggan ini.',
      Insert: 'Sisipkan',
      'The customer has not asked anything yet.': 'Pelanggan belum menanyakan apa pun.',
      Customer: 'Pelanggan',
      Bot: 'Bot',
      Agent: 'Agen',
      'no handoff': 'tanpa serah terima',
      resolved: 'selesai',
      cancelled: 'dibatalkan',
      ticket: 'tiket',
      'Asked for a person': 'Minta bicara dengan orang',
      'Upset customer': 'Pelanggan kesal',
      'Asked again': 'Bertanya lagi',
      'Bot not sure': 'Bot tidak yakin',
      'Out of scope': 'Di luar cakupan',
      'Account action': 'Tindakan akun',
      'The customer went back to the bot': 'Pelanggan kembali ke bot',
      Mine: 'Milik saya',
      Unassigned: 'Belum ditangani',
      All: 'Semua',
      'Conversation views': 'Tampilan percakapan',
      Filters: 'Filter',
      'Any queue': 'Semua antrean',
      'Any channel': 'Semua kanal',
      'Any language': 'Semua bahasa',
      'Any reason': 'Semua alasan',
      'Any wait': 'Waktu tunggu apa pun',
      'Waiting over 1 minute': 'Menunggu lebih dari 1 menit',
      'Waiting over 5 minutes': 'Menunggu lebih dari 5 menit',
      'Waiting over 15 minutes': 'Menunggu lebih dari 15 menit',
      English: 'Inggris',
      Indonesian: 'Indonesia',
      Search: 'Cari',
      'Search conversations and customers': 'Cari percakapan dan pelanggan',
      'Search results': 'Hasil pencarian',
      Close: 'Tutup',
      'More results': 'Hasil lainnya',
      'No conversation or customer matches.': 'Tidak ada percakapan atau pelanggan yang cocok.',
      Customers: 'Pelanggan',
      open: 'terbuka',
      Settings: 'Pengaturan',
      'Console settings': 'Pengaturan konsol',
      'Play a sound': 'Putar suara',
      'Show desktop notifications': 'Tampilkan notifikasi desktop',
      'Count unread in the tab title': 'Hitung yang belum dibaca di judul tab',
      Language: 'Bahasa',
      "The browser's": 'Ikuti peramban',
      Save: 'Simpan',
      'Settings saved.': 'Pengaturan disimpan.',
      'Keyboard shortcuts': 'Pintasan keyboard',
      'Next conversation': 'Percakapan berikutnya',
      'Previous conversation': 'Percakapan sebelumnya',
      'Write a reply': 'Tulis balasan',
      'Send the reply': 'Kirim balasan',
      'Insert a canned response': 'Sisipkan balasan siap pakai',
      'Resolve the conversation': 'Selesaikan percakapan',
      'Search conversations': 'Cari percakapan',
      'Show this help': 'Tampilkan bantuan ini',
      'New conversation waiting': 'Percakapan baru menunggu',
      'New message from a customer': 'Pesan baru dari pelanggan',
      'A colleague mentioned you': 'Seorang rekan menyebut Anda',
      'Private note': 'Catatan pribadi',
      Title: 'Judul',
      Text: 'Teks',
      Shortcut: 'Pintasan',
      Set: 'Kumpulan',
      'my own': 'milik saya',
      "the team's": 'milik tim',
      Create: 'Buat',
      Accounts: 'Akun',
      'New console account': 'Akun konsol baru',
      'Name customers see': 'Nama yang dilihat pelanggan',
      Role: 'Peran',
      Delete: 'Hapus',
      Details: 'Detail',
      Conversation: 'Percakapan',
      'Saved canned responses': 'Balasan siap pakai tersimpan',
      'Team': 'Tim',
      'Tickets': 'Tiket',
      'Show': 'Tampilkan',
      'pending': 'tertunda',
      'solved': 'selesai',
      'all': 'semua',
      'Answer': 'Jawaban',
      'Solve with this answer': 'Selesaikan dengan jawaban ini',
      'Assigned to': 'Ditugaskan ke',
      'nobody': 'tidak ada',
      'Assign': 'Tugaskan',
      'Solve': 'Selesaikan',
      'Reopen': 'Buka kembali',
      'Send answer': 'Kirim jawaban',
      'Agents': 'Agen',
      'Status': 'Status',
      'Seats': 'Kapasitas',
      'No agent is signed in.': 'Tidak ada agen yang masuk.',
      'No tickets.': 'Tidak ada tiket.',
      'Ticket unassigned.': 'Tiket tidak ditugaskan.',
      'no contact details': 'tanpa detail kontak',
      "Each agent's status (only online agents are assigned chats) and seats (chats at once under round robin).": 'Status setiap agen (hanya agen yang online yang diberi obrolan) dan kapasitasnya (obrolan sekaligus dalam round robin).',
      // Why this customer's satisfaction differs (compare.js, on the customer page)
      "Why this customer's satisfaction differs": 'Mengapa kepuasan pelanggan ini berbeda',
      'Compared with': 'Dibandingkan dengan',
      'empty: similar customers': 'kosong: pelanggan serupa',
      Range: 'Rentang',
      'the last 30 days': '30 hari terakhir',
      'the last 90 days': '90 hari terakhir',
      'the last year': 'setahun terakhir',
      Compare: 'Bandingkan',
      'Similar customers': 'Pelanggan serupa',
      'Rating gap': 'Selisih penilaian',
      'Explained by the features the model calls': 'Dijelaskan oleh fitur yang ditetapkan model',
      'Not explained by anything the log records': 'Tidak dijelaskan oleh apa pun yang tercatat',
      'Journeys side by side': 'Perjalanan berdampingan',
      'What happened': 'Yang terjadi',
      'Rating (mean)': 'Penilaian (rata-rata)',
      'Rated conversations': 'Percakapan yang dinilai',
      'Had written before': 'Pernah menulis sebelumnya',
      'Has made a purchase': 'Pernah membeli',
      'Wait for an agent (mean minutes)': 'Menunggu agen (rata-rata menit)',
      'Unsure or out-of-scope answers': 'Jawaban ragu atau di luar cakupan',
      Channels: 'Kanal',
      Agents: 'Agen',
      'Where they differ, largest share of the gap first': 'Letak perbedaannya, bagian selisih terbesar lebih dulu',
      Feature: 'Fitur',
      'Adjusted effect': 'Efek tersesuaikan',
      'Share of the gap': 'Bagian dari selisih',
      Reading: 'Kesimpulan',
      'Goes with lower ratings': 'Sejalan dengan penilaian lebih rendah',
      'Goes with higher ratings': 'Sejalan dengan penilaian lebih tinggi',
      'No clear difference': 'Tidak ada perbedaan jelas',
      'Not enough data': 'Data tidak cukup',
      'They do not differ in any feature the model knows.': 'Mereka tidak berbeda dalam fitur apa pun yang dikenal model.',
      'Each share is the effect that goes with a feature, not proof that it caused the rating.':
        'Setiap bagian adalah efek yang menyertai suatu fitur, bukan bukti bahwa fitur itu menyebabkan penilaian.',
      'Was escalated to a person': 'Dieskalasi ke orang',
      'Had to ask a question again': 'Harus bertanya lagi',
      'Got an unsure or out-of-scope answer': 'Mendapat jawaban ragu atau di luar cakupan',
      'Wrote something angry': 'Menulis sesuatu dengan marah',
      'Disliked an answer': 'Tidak menyukai jawaban',
      'Liked an answer': 'Menyukai jawaban',
      'Was transferred to another agent': 'Dialihkan ke agen lain',
      'Left the queue before an agent came': 'Keluar dari antrean sebelum agen datang',
      'Left a message (nobody available)': 'Meninggalkan pesan (tidak ada yang tersedia)',
      'Contacted support more than once in the range': 'Menghubungi dukungan lebih dari sekali dalam rentang ini',
      'No agent took it': 'Tidak ada agen yang mengambilnya',
    },
    // Lines built from data: the English pattern, and the Indonesian with the same $1, $2 in order.
    patterns: [
      [/^waiting (.+)$/, 'menunggu $1'],
      [/^waited (.+)$/, 'sudah menunggu $1'],
      [/^(\d+) waiting$/, '$1 menunggu'],
      [/^waiting in (.+)$/, 'menunggu di $1'],
      [/^with (.+)$/, 'dengan $1'],
      [/^#(\S+) in (\S+) · (.+)$/, '#$1 di $2 · $3'],
      [/^with (\S+) · (.+)$/, 'dengan $1 · $2'],
      [/^queue (.+)$/, 'antrean $1'],
      [/^Customer (\S+) · (.+)$/, 'Pelanggan $1 · $2'],
      [/^Customer · (.+)$/, 'Pelanggan · $1'],
      [/^Bot · (.+)$/, 'Bot · $1'],
      [/^Private note · (.+)$/, 'Catatan pribadi · $1'],
      [/^For “(.+)”$/s, 'Untuk “$1”'],
      [/^Queued: (.+) · (.+)$/, 'Masuk antrean: $1 · $2'],
      [/^(\S+) joined · (.+)$/, '$1 bergabung · $2'],
      [/^(\S+) transferred to (.+) · (.+)$/, '$1 mengalihkan ke $2 · $3'],
      [/^(\S+) resolved the conversation · (.+)$/, '$1 menyelesaikan percakapan · $2'],
      [/^The customer went back to the bot · (.+)$/, 'Pelanggan kembali ke bot · $1'],
      [/^(\d+) unread mentions?$/, '$1 sebutan belum dibaca'],
      [/^(\d+) unread$/, '$1 belum dibaca'],
      [/^(\d+) conversations?, (\d+) customers?$/, '$1 percakapan, $2 pelanggan'],
      [/^Ticket assigned to (.+)\.$/, 'Tiket ditugaskan ke $1.'],
      [/^(\S+): (\S+), (\d+) seats\.$/, '$1: $2, kapasitas $3.'],
      [/^(\S+) · (\S+) \(idle\) · (\d+\/\d+) chats$/, '$1 · $2 (menganggur) · $3 obrolan'],
      [/^(\S+) · (\S+) · (\d+\/\d+) chats$/, '$1 · $2 · $3 obrolan'],
      [/^Waited more than (\d+) minutes for an agent$/, 'Menunggu agen lebih dari $1 menit'],
      [/^Served by agent (\S+)$/, 'Dilayani agen $1'],
      [/^Wrote through (\S+)$/, 'Menulis melalui $1'],
      [/^Wrote in (\S+)$/, 'Menulis dalam bahasa $1'],
    ],
  },
};

// What people wrote: messages, summaries, previews, articles, canned texts, search snippets.
const noTranslate = '.message .text, .preview, .summary, .excerpt, .suggestion a, .canned-text, .snippet, .journey-entry .detail, [data-no-i18n]';
const attributes = ['placeholder', 'title', 'aria-label'];
const originals = new WeakMap();
let dictionary = null;
let language = 'en';
let observer = null;

/// 'id' or 'en': the preference when set, else the browser's first language the console speaks.
export function pickLanguage(preference) {
  if (preference && (preference === 'en' || dictionaries[preference])) return preference;
  const browser = (navigator.languages?.length ? navigator.languages : [navigator.language]).map((l) => String(l).slice(0, 2).toLowerCase());
  return browser.find((l) => l === 'en' || dictionaries[l]) ?? 'en';
}

export const currentLanguage = () => language;

/// The text in the console's language; English (the key) when there is no translation.
export function t(english) {
  if (!dictionary) return english;
  const trimmed = english.trim();
  const phrase = dictionary.phrases[trimmed];
  if (phrase !== undefined) return english.replace(trimmed, phrase);
  for (const [pattern, replacement] of dictionary.patterns) {
    if (pattern.test(trimmed)) return english.replace(trimmed, trimmed.replace(pattern, (...groups) => replacement.replace(/\$(\d)/g, (_, n) => t(groups[Number(n)]))));
  }
  return english;
}

/// Switches the page to the language and keeps translating what is added to it.
export function setLanguage(code) {
  language = code;
  dictionary = dictionaries[code] ?? null;
  document.documentElement.lang = code;
  translate(document.body);
  document.title = pageTitle();
  observer?.disconnect();
  observer = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'characterData') translateText(change.target);
      else if (change.type === 'attributes') {
        if (!change.target.closest(noTranslate)) translateAttribute(change.target, change.attributeName);
      } else for (const node of change.addedNodes) translate(node);
    }
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: attributes });
}

const originalTitle = document.title;

/// The tab's title in the console's language (notifications.js puts the unread count before it).
export const pageTitle = () => t(originalTitle);

function translate(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    translateText(node);
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE || node.closest(noTranslate)) return;
  for (const name of attributes) {
    if (node.hasAttribute(name)) translateAttribute(node, name);
  }
  for (const child of node.childNodes) translate(child);
}

function translateText(node) {
  if (!node.nodeValue?.trim() || node.parentElement?.closest(noTranslate)) return;
  // The English is kept per node, so switching language again (or a module rewriting the text) starts from it.
  const known = originals.get(node);
  const english = known && node.nodeValue === known.shown ? known.english : node.nodeValue;
  const shown = t(english);
  originals.set(node, { english, shown });
  if (shown !== node.nodeValue) node.nodeValue = shown;
}

function translateAttribute(element, name) {
  const key = `${name}:english`;
  const value = element.getAttribute(name);
  const english = element[key] && value === element[`${name}:shown`] ? element[key] : value;
  const shown = t(english);
  element[key] = english;
  element[`${name}:shown`] = shown;
  if (shown !== value) element.setAttribute(name, shown);
}
