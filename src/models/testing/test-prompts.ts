import type { LanguageCode } from '../prompt.ts';

/**
 * Tandem's own multilingual test sentences, written for this project (no data set copied), so the
 * test suite needs nothing outside the repository. Each language has everyday sentences with the
 * things that trip up tokenizers and sentence splitters: punctuation of its own script, numbers,
 * dates and prices, quotes in its own style, abbreviations, emoji, and one long paragraph (last).
 * Spec-Bench stays the perf run's data (`npm run data:specbench`); these are for tests.
 */

export interface TestPrompt {
  /** `<from>-<nn>`, stable: tests name failures by it. */
  id: string;
  from: LanguageCode;
  to: LanguageCode;
  text: string;
  /** The abbreviations in the text, verbatim: a sentence splitter must not break after them. */
  abbreviations?: readonly string[];
}

type Entry = readonly [text: string, abbreviations?: readonly string[]];

const GERMAN: Entry[] = [
  ['Der Zug nach München fährt um 7:45 Uhr von Gleis 12 ab – bitte seien Sie pünktlich!'],
  ['„Kannst du mir das Salz reichen?“, fragte sie leise, ohne von ihrem Buch aufzusehen.'],
  [
    'Die Lieferung (inkl. Akku und Ladegerät) kostet 49,90 € und kommt in 3–5 Werktagen, d. h. spätestens am Freitag.',
    ['inkl.', 'd. h.'],
  ],
  [
    'Dr. Weber empfiehlt z. B. täglich 30 Minuten Bewegung, mind. zweimal pro Woche Krafttraining usw.',
    ['Dr.', 'z. B.', 'mind.', 'usw.'],
  ],
  ['Wir haben es geschafft! 🎉 Danke an alle, die mitgeholfen haben 😊'],
  ['Laut Statistik lebten am 31.12.2023 rund 84,7 Mio. Menschen in Deutschland.', ['Mio.']],
  ['Ist das wirklich dein Ernst? Ich dachte, wir hätten uns auf Dienstag geeinigt…'],
  [
    'Bitte lesen Sie Abschnitt 4.2 auf S. 17, bevor Sie das Formular ausfüllen; Fragen beantwortet Frau Schulz unter Tel. 030/123 45 67.',
    ['S.', 'Tel.'],
  ],
  ['Meine Oma sagte immer: „Erst die Arbeit, dann das Vergnügen.“ Heute verstehe ich sie 🙂'],
  [
    'Als die kleine Bäckerei am Marktplatz im Frühjahr 2019 schließen musste, war das Dorf ratlos. Seit 1952 hatte Familie Brandt dort jeden Morgen ab 5 Uhr Brot gebacken, und viele Kunden kamen seit Jahrzehnten. Ein paar Nachbarn gründeten daraufhin eine Genossenschaft: 214 Mitglieder zahlten je 250 €, der Bürgermeister stellte den Raum mietfrei zur Verfügung, und eine junge Bäckerin aus Leipzig übernahm die Backstube. „Wir wollten nicht nur Brötchen retten, sondern einen Treffpunkt“, sagt die Vorsitzende. Heute gibt es dort neben Brot auch Kaffee, eine Leseecke und jeden zweiten Samstag einen Reparaturtreff für Fahrräder, Toaster u. Ä. Der Umsatz ist inzwischen um ca. 18 % höher als vor der Schließung.',
    ['u. Ä.', 'ca.'],
  ],
];

const FRENCH: Entry[] = [
  ['Le musée est fermé le mardi ; il ouvre à 10 h les autres jours.'],
  ['« Tu viens ce soir ? » m’a-t-elle demandé en souriant.'],
  ['M. Dupont et Mme Leroy se réuniront le 3 mars, c.-à-d. juste après les vacances.', ['M.', 'c.-à-d.']],
  ['Le billet coûte 12,50 € pour les adultes et 6 € pour les enfants de moins de 12 ans.'],
  ['Quelle belle journée ! ☀️ On se retrouve à la plage vers 15 h ?'],
  ['Voir p. ex. le chapitre 7 (pp. 112–130) pour une explication détaillée.', ['p. ex.', 'pp.']],
  ['Attention : le sol est glissant… Marchez lentement, s’il vous plaît.'],
  ['Il a répondu : « Je n’en sais rien, demande à Julie. » Puis il est parti sans un mot.'],
  ['Merci pour le cadeau 🎁🙏 ! C’était vraiment une surprise.'],
  [
    'Depuis trois ans, un ancien parking du 7e arrondissement de Lyon est devenu un jardin partagé. Tout a commencé par une pétition signée par 1 200 habitants, puis la mairie a accepté de prêter le terrain pour 10 ans. Aujourd’hui, une soixantaine de familles y cultivent des tomates, des courgettes, des herbes aromatiques, etc. Chaque parcelle mesure environ 4 m², et l’eau vient d’une cuve de récupération de 5 000 litres. « Au début, personne ne se connaissait ; maintenant, on partage les récoltes et les recettes », raconte Mme Benali, l’une des fondatrices. Le samedi matin, des ateliers gratuits sont proposés aux enfants : semis, compost, observation des insectes. Le projet a même reçu un prix régional en 2023.',
    ['etc.'],
  ],
];

const RUSSIAN: Entry[] = [
  ['Поезд отправляется в 18:30 с третьего пути, не опаздывайте!'],
  ['«Ты уже поел?» — спросила мама, заглянув на кухню.'],
  ['Встреча назначена на 5 мая 2024 г. в конференц-зале на 2-м этаже.', ['г.']],
  ['Цена составляет 1 499 руб. за штуку, т. е. почти 3 000 руб. за два комплекта.', ['руб.', 'т. е.']],
  ['Поздравляю с днём рождения! 🎂 Желаю счастья и здоровья 🙂'],
  ['Проф. Иванов читает лекции по физике, химии и т. д. уже более 20 лет.', ['Проф.', 'т. д.']],
  ['Куда ты пропал? Мы ждали тебя целый час…'],
  ['Он тихо сказал: «Я вернусь завтра», — и закрыл за собой дверь.'],
  ['Температура упадёт до −15 °C; врачи советуют одеваться теплее ❄️'],
  [
    'В небольшом городе на берегу Волги уже почти 70 лет работает районная библиотека. Несколько лет назад её хотели закрыть: читателей становилось всё меньше, а здание требовало ремонта. Тогда сотрудники решили попробовать что-то новое. Они открыли клуб настольных игр, стали проводить бесплатные уроки компьютерной грамотности для пенсионеров и устроили в читальном зале кинопоказы по пятницам. «Сначала к нам приходили 5–6 человек, а теперь бывает больше сорока», — рассказывает директор библиотеки. За 2023 г. количество записавшихся читателей выросло на 35 %, а городская администрация выделила деньги на новую крышу, окна и т. п.',
    ['г.', 'т. п.'],
  ],
];

const JAPANESE: Entry[] = [
  ['明日の会議は午前10時から始まります。資料を忘れないでください！'],
  ['「本当に大丈夫？」と彼女は心配そうに聞いた。'],
  ['このノートパソコンは重さ約1.2kgで、バッテリーは最大15時間もちます。'],
  ['詳しくは第3章（p. 45〜52）を参照してください。', ['p.']],
  ['合格しました！🎉 応援してくれたみんな、ありがとう😊'],
  ['駅から徒歩5分、家賃は月8万5千円です。ただし、管理費は別です。'],
  ['田中先生は「失敗を恐れるな」とよく言っていました。'],
  ['えっ、もう終わったの？まだ半分しか読んでないのに…'],
  ['Dr. 山本のクリニックは、土日・祝日も午後6時まで診療しています。', ['Dr.']],
  [
    '山あいの小さな駅に、毎朝一人の駅員が花を植えています。この駅の利用者は一日に二十人ほどで、数年前には廃止の話も出ました。しかし、駅員が季節ごとに花壇を手入れし、待合室に手作りの案内板や本棚を置くようになってから、少しずつ変化が起きました。写真を撮りに来る観光客が増え、週末には駅前で地元の野菜や漬物を売る小さな市場が開かれるようになったのです。「駅はただ電車を待つ場所ではなく、人が集まる場所になれる」と駅員は話します。昨年の来訪者は約3,000人で、町は駅の存続を決めました。',
  ],
];

const CHINESE: Entry[] = [
  ['请在周五下午5点前提交报告，谢谢！'],
  ['“你吃饭了吗？”奶奶笑着问我。'],
  ['这款手机售价2999元，比去年的型号便宜了约15%。'],
  ['会议定于2024年3月8日上午9:30在301会议室举行。'],
  ['终于放假了！🎉 我们去海边玩吧 🏖️'],
  ['王教授说：“学习语言最重要的是坚持。”'],
  ['你确定吗？我觉得这条路不对……'],
  ['下一场比赛是中国 vs. 日本，晚上8点开始。', ['vs.']],
  ['这家咖啡店的拿铁很好喝 ☕，就是有点贵。'],
  [
    '几年前，我们小区附近的老工厂被改造成了一个社区中心。现在，这里有图书角、儿童活动室，还有一间免费的自行车修理铺。每周六上午，几位退休的老师傅会来帮居民修车，从补胎到换刹车，几乎什么问题都能解决。“我们年轻时就是骑自行车上下班的，现在能帮上忙，很开心。”其中一位师傅说。据统计，去年修理铺一共修好了1,200多辆自行车，还吸引了不少年轻人来学手艺。社区也计划明年再开一个木工教室。',
  ],
];

/** English is a target everywhere and a source too (into German here). */
const ENGLISH: Entry[] = [
  ['The meeting has been moved to Thursday, 3 p.m. — please update your calendars.', ['p.m.']],
  ['"Where did you put the keys?" she asked, searching every pocket.'],
  ["Dr. Patel's lab ordered 2,500 test tubes, i.e. enough for the whole semester.", ['Dr.', 'i.e.']],
  ['Happy birthday, Sam! 🎂🎈 Hope your day is as great as you are.'],
  [
    'Every spring, volunteers in our town spend a Saturday cleaning the banks of the river. Last year 180 people took part, from primary-school children to a retired ferry captain aged 84. Within six hours they collected roughly 1.3 tonnes of rubbish: plastic bottles, shopping trolleys, a bicycle, even an old typewriter. "It\'s hard work, but you see the difference immediately," said one of the organisers. Afterwards, a local café served free soup and bread to everyone who helped. The council has since installed more bins along the footpath, and the number of bottles found this year fell by about 40%.',
  ],
];

function promptsOf(from: LanguageCode, to: LanguageCode, entries: readonly Entry[]): TestPrompt[] {
  return entries.map(([text, abbreviations], i) => ({
    id: `${from}-${String(i + 1).padStart(2, '0')}`,
    from,
    to,
    text,
    ...(abbreviations ? { abbreviations } : {}),
  }));
}

/** Every test prompt: de, fr, ru, ja, zh → en (ten each, the paper's pairs), then en → de. */
export const TEST_PROMPTS: readonly TestPrompt[] = [
  ...promptsOf('de', 'en', GERMAN),
  ...promptsOf('fr', 'en', FRENCH),
  ...promptsOf('ru', 'en', RUSSIAN),
  ...promptsOf('ja', 'en', JAPANESE),
  ...promptsOf('zh', 'en', CHINESE),
  ...promptsOf('en', 'de', ENGLISH),
];

/** The source languages, in the order above. */
export const TEST_PROMPT_LANGUAGES: readonly LanguageCode[] = [...new Set(TEST_PROMPTS.map((p) => p.from))];

/** The first `perLanguage` prompts of each source language (all of them when undefined). */
export function testPrompts(perLanguage?: number): TestPrompt[] {
  return TEST_PROMPT_LANGUAGES.flatMap((language) =>
    TEST_PROMPTS.filter((p) => p.from === language).slice(0, perLanguage),
  );
}
