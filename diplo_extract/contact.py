"""Whether a sentence speaks of diplomatic contact at all, in the languages whose words for it
are listed: what tells a report of talks from a match report a small model read as talks.

The words are broad on purpose (meeting, talks, visit, trip, receiving, a call, a summit,
negotiating, an agreement, signing, an invitation, a delegation, a counterpart, discussing):
the test only ever removes a record whose sentences have none of them, so a word too many
keeps a record and a word too few loses one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache

import regex

from diplo_extract.signing import tells_a_signing
from diplo_extract.telephoning import tells_of_calling

#: Stems that start a word, by language. Each is matched at the start of a word, so inflected
#: forms ("встретился", "встречи", "Treffen", "getroffen" is listed apart) count.
_STEMS: dict[str, str] = {
    "en": "meet met= talk visit trip travel arriv receiv host welcom summit negotiat agree "
    "accord treaty memorand invit delegat counterpart discuss conferen consult dialog "
    "envoy spoke speak contact mission landed= conven",
    "de": "treff traf getroffen gespräch besuch reise gereist empfang empfing begrüß begrüss "
    "gipfel verhandl abkommen vereinbar vertrag einlad eingeladen delegation amtskolleg "
    "amtskollegin erörter berat konferenz unterred sprach gesprochen zusammenkunft "
    "dialog kontakt mission angekommen ankunft zusammenkomm zusammengekommen zusammen "
    "konsultation",
    "fr": "rencontr réuni réunion entretien entretenu visit voyag déplac rendu rendra accueil "
    "reçu reçoit recevr sommet négoci accord traité mémorandum invit délégation "
    "homologue discut conférence consult dialogue échang entrevue pourparler contact "
    "mission rend entreten",
    "es": "reuni reún encuentr conversa visit viaj recib acog cumbre negoci acuerd tratado "
    "memorando invit delegación homólog discut dialog conferencia consult entrevist "
    "contacto misión lleg desplaz",
    "it": "incontr riuni colloqui visit viagg ricev accolt accogl vertice summit negozi "
    "accord trattato memorandum invit delegazion omolog discuss dialog conferenza "
    "consult contatt mission impegn giunt giung recat recher recars recand reca=",
    "pt": "reuni encontr conversa visit viag recebe recebi acolh cúpula cimeira negoci acord "
    "tratado memorando convid delegação homólog discut dialog conferência consult "
    "contato contacto missão cheg desloc",
    "nl": "ontmoet ontmoeting overleg gesprek bezoek reis ontvang gastheer top= topontmoeting "
    "onderhandel akkoord overeenkomst verdrag uitnodig delegatie ambtgeno besprak "
    "bespre conferentie dialoog contact missie aangekomen aankomst",
    "sv": "möt möte mött samtal besök resa reste tog_emot mottag värd toppmöte förhandl avtal "
    "överenskomm fördrag inbjud delegation kollega diskuter konferens dialog kontakt "
    "anländ ankom togs_emot tas_emot konsultation enades enats",
    "da": "mød møde mødt samtal besøg rejs modtag vært topmøde forhandl aftal overenskomst "
    "traktat invit inviter delegation kollega drøft diskuter konferenc dialog kontakt "
    "ankom konsultation enige",
    "no": "møt møte møtt samtal besøk reis reiste mottak mottok vert toppmøte forhandl avtal "
    "traktat invit inviter delegasjon kollega drøft diskuter konferans dialog kontakt "
    "ankom tatt_imot tok_imot tar_imot konsultasjon enige",
    "is": "fund hitti viðræð samtal heimsók heimsótt ferð ferðað tók_á_móti gestgjaf "
    "leiðtogafund samning samkomulag sáttmál boð bauð sendinefnd starfsbróð starfssyst "
    "ræddi ræða ráðstefn kom_til undirrit rædd í_síma símtal",
    "fi": "tapaa tapasi tapaam tavat tavanne tapaav neuvottel keskustel vierail matka matkust "
    "vastaanot isännö huippukokou sopimu sopi kutsu valtuuskun kollega virkaveli "
    "konferens dialog puhel saapu otti_vastaan ottaa_vastaan ottavat_vastaan",
    "et": "kohtu kohtus kohtum läbirääk kõnel vestl külast visiit reis võõrust vastu_võt tipp "
    "kokkul leping kutsu delegatsioon kolleeg arut konverents dialoog saabu allkirj "
    "memorand võttis võtab konsultatsioon leppisid_kokku visii",
    "lv": "tikās tikties tiksies tikšan sarun vizīt apmeklē ceļo brauc uzņē uzņem samit "
    "samitā vienošan līgum ielūg uzaicin delegācij kolēģ apsprie konferenc dialog ierad "
    "parakst vienoj konsultācij",
    "lt": "atvyk atvyks pasitik sutik kontakt susitik susitiko deryb pokalb vizit lanky "
    "lankės apsilank kelion priėm priim viršūnių susitar sutart kviet pakviet delegacij "
    "koleg aptar konferencij dialog pasiraš sutar konsultacij viešė",
    "pl": "spotk rozmow wizyt odwiedz podróż przyjecha przyjął przyjmie gości szczyt negocj "
    "porozumi umow traktat zaprosz zaprasz delegacj odpowiednik omówi omawia dyskut "
    "konferencj konsultac dialog kontakt rozmawia przyby",
    "cs": "setk setká schůz jedná jednal rozhovor návštěv navštív cest přijal přijme přijet "
    "hostil summit vrchol dohod smlouv pozván pozval delegac protějšk kolega diskut "
    "konferenc konzultac dialog sešl sejd přilet přílet doraz přijel přijed přicest",
    "sk": "stretn stretol stretnut rokova rokoval rozhovor návštev navštív ciest prijal "
    "prijme prijat hostil summit samit dohod zmluv pozva delegáci náprotiv kolega "
    "diskut konferenci konzultáci dialóg stretl stretá pricest prilet prílet",
    "sl": "srečal srečan sestal sestan pogovor pogovarj obisk obiskal potoval potovanj "
    "sprejel sprejem gostil vrh pogajan sporazum dogovor pogodb povabil delegacij "
    "kolega kolegic razprav konferenc dialog prispe posvetov",
    "hr": "sastan sastao susret razgovar posjet posjetio putovan doput primio primi ugosti "
    "samit summit pregovor sporazum dogovor ugovor pozvao poziv izaslanstv delegacij "
    "kolega kolegic razmotr raspravlj konferencij dijalog stigao stigla stigli stiže "
    "stići sastal",
    "bs": "sastan sastao susret razgovar posjet posjetio putovan doput primio primi ugosti "
    "samit pregovor sporazum dogovor ugovor pozvao poziv delegacij kolega kolegic "
    "razmotr raspravlj konferencij dijalog stigao stigla stigli stiže stići sastal",
    "sr": "обиш обилаз контакт obiš obilaz kontakt састан састао сусрет разговар посет "
    "посетио путовањ допутова примио прими угости самит преговор споразум договор "
    "уговор позвао позив делегациј колега колегиниц разматра расправља конференциј "
    "дијалог sastan sastao susret razgovar poset posetio putovanj doputova primio primi "
    "ugosti samit pregovor sporazum dogovor ugovor pozvao poziv delegacij kolega "
    "kolegin razmatra raspravlja konferencij dijalog стигао стигла стигли стиже стићи "
    "састал stigao stigla stigli stiže stići sastal",
    "mk": "средб средна сретна сосретн разговар посет посети патува допатува прими пречека "
    "угости самит преговор договор спогодб покани повик делегациј колега колешка "
    "разгледа дискут конференциј дијалог пристигн пристига потпиш меморандум состан",
    "bg": "срещ среща срещна разговор посещ посети визит пътува пристигна прие приема посрещ "
    "домакин самит преговор споразум договор покан делегаци колега обсъд дискут "
    "конференци консултаци диалог пристиг приет",
    "ru": "контакт встреч встрет переговор беседов беседа разговор визит посет посещ поездк "
    "прибыл прибыв принял принима приём прием саммит соглаш договор договорил "
    "меморандум приглаш пригласил делегаци коллег обсуд обсужд конференц консультац "
    "диалог прилет прилёт побыва",
    "uk": "пресконф контакт зустр зустріч переговор розмов бесід візит відвід поїздк прибув "
    "прийняв прийма прийом саміт угод договор домовил меморандум запрош запросив "
    "делегаці колег обговор конференц консультац діалог прибул прибут прилет приліт",
    "be": "сустр сустрэч перамов размов гутар візіт наведа наведв паездк прыбыў прыня прымае "
    "саміт пагадненн дамов дамовіл мемарандум запрош запрасі запрашэн делегац калег "
    "абмерк абмяркоўв канферэнц кансультац дыялог прыляц прылят прыбыл падпіс пагутар "
    "тэлефон",
    "el": "τηλεδιάσκεψ επαφ συνάντ συναντ συνομιλ συζήτ συζητ επίσκεψ επισκέφ ταξίδ υποδέχ "
    "υποδοχ φιλοξεν σύνοδο κορυφής διαπραγμ συμφων συνθήκ μνημόνι πρόσκλησ προσκάλεσ "
    "αντιπροσωπ ομόλογ διάσκεψ διαβουλεύσ διάλογ εφτασ εφθασ αφιχθ αφιξ επισκεφ",
    "ro": "întâln întîln întrevede convorb discuț discut vizit călător deplas primi primit "
    "găzdui summit negoci acord tratat memorand invit delegați omolog conferinț "
    "consultă consultar dialog sosi",
    "hu": "találkoz tárgyal megbeszél beszélget látogat utaz fogad vendégül csúcs egyezmény "
    "megállapod szerződés meghív küldöttség delegáci kolléga hivatali partner "
    "konferenci konzultáci párbeszéd érkez írt_alá írtak_alá írta_alá írták_alá "
    "egyeztet",
    "tr": "görüş buluş toplant ziyaret gezi seyahat kabul ağırla karşıla zirve müzakere "
    "anlaşma mutabakat antlaşma davet heyet mevkidaş muhatab konferans istişare diyalog "
    "bir_araya geldi=",
    "az": "görüş görüşdü görüşüb danışıq danışıqlar söhbət səfər ziyarət qəbul qarşıla sammit "
    "zirvə razılaş saziş müqavilə memorandum dəvət nümayəndə həmkar müzakirə konfrans "
    "məsləhətləş dialoq gəlib= gəldi= gələcək=",
    "kk": "келеді келді келе байланыс кездес кездесу келіссөз әңгіме сапар қабылда саммит "
    "келісім шарт меморандум шақыр делегация әріптес талқыла конференция кеңес диалог "
    "қол_қой консультаци келіс",
    "uz": "uchrash muzokara suhbat tashrif safar qabul sammit kelishuv shartnoma memorandum "
    "taklif delegatsiya hamkasb muhokama konferensiya maslahat muloqot yetib_kel imzol "
    "учраш музокара суҳбат ташриф сафар қабул саммит келишув шартнома меморандум таклиф "
    "делегация ҳамкасб муҳокама конференция маслаҳат мулоқот",
    "sq": "takim takua takoi bised vizit udhëtim pritj prit mirëprit samit negoci marrëveshj "
    "traktat memorandum ftes ftoi delegacion homolog diskut konferenc konsultim dialog "
    "mbërrit nënshkr takoh",
    "ka": "შეხვედრ შეხვდ მოლაპარაკ საუბარ ვიზიტ ეწვი მოგზაურ მიიღ მიღებ სამიტ შეთანხმ "
    "ხელშეკრულ მემორანდუმ მიწვ დელეგაცი კოლეგ განიხილ კონფერენცი კონსულტაცი დიალოგ "
    "ჩავიდ ჩამოვიდ ჩაფრინდ მოაწერ ხელმოწერ ტელეფონ სატელეფონო ესაუბრ უმასპინძლ მასპინძ",
    "hy": "հանդիպ բանակց զրույց այց այցել ուղևոր ընդուն գագաթնաժողով համաձայն պայմանագ հուշագ "
    "հրավեր պատվիրակ գործընկեր քննարկ համաժողով խորհրդակց երկխոս ժաման ստորագր հեռախոս "
    "կայցել կհանդիպ",
    "he": "פגש פגיש נפגש שיח שיחה שיחות ביקור ביקר ביקרה מסע נסיע אירח קיבל פסגה משא_ומתן "
    "הסכם אמנה מזכר הזמנ הזמין משלחת עמית דנו דיון ועיד התייעצ דיאלוג הגיע התקבל יבקר "
    "תבקר",
    "ar": "رحل اتصال لقاء التقى التقي يلتقي اجتماع اجتمع محادث مباحث زيارة زار يزور رحلة جولة "
    "استقبل يستقبل قمة مفاوض اتفاق معاهدة مذكرة دعوة دعا وفد نظير ناقش بحث مؤتمر مشاور "
    "حوار وصل وصول باحث",
    "fa": "دیدار ملاقات مذاکر گفتگو گفتوگو گفت‌وگو سفر بازدید میزبان استقبال پذیرفت نشست "
    "اجلاس توافق موافقت قرارداد معاهده تفاهم دعوت هیئت هیات همتا رایزنی بحث کنفرانس "
    "مشورت وارد عازم",
    "ur": "ملاقات مذاکر بات_چیت گفتگو دورہ دورے سفر استقبال میزبان سربراہی_اجلاس اجلاس معاہد "
    "سمجھوت مفاہمت دعوت وفد ہم_منصب تبادلہ_خیال کانفرنس مشاورت پہنچ دستخط فون",
    "hi": "मुलाकात मिले मिलें मिलकर भेंट बैठक वार्ता बातचीत चर्चा यात्रा दौर पहुंच पहुँच "
    "स्वागत मेजबान मेज़बान शिखर_सम्मेलन सम्मेलन समझौत संधि ज्ञापन आमंत्र निमंत्र "
    "प्रतिनिधिमंडल समकक्ष परामर्श संवाद मुलाक़ात विचार-विमर्श",
    "bn": "সাক্ষাৎ বৈঠক আলোচনা আলাপ সফর ভ্রমণ পরিদর্শন স্বাগত অভ্যর্থনা সম্মেলন চুক্তি সমঝোতা "
    "আমন্ত্রণ প্রতিনিধি সমকক্ষ পরামর্শ সংলাপ পৌঁছ স্বাক্ষর টেলিফোন ফোন",
    "ta": "சந்தி சந்திப்பு பேச்சு பேசி உரையாட பயண வருகை விஜய வரவேற் உச்சி_மாநாடு மாநாடு "
    "ஒப்பந்த உடன்படிக்கை அழைப்ப அழைத்த தூதுக்குழு பிரதிநிதி ஆலோசனை விவாத சென்றடை வந்தடை "
    "கையெழுத் சுற்றுப்பயண",
    "id": "bertemu pertemuan temu bicara pembicaraan perundingan runding kunjung lawat "
    "perjalanan menerima sambut tuan_rumah ktt= negosiasi perjanjian kesepakatan "
    "nota_kesepahaman undang delegasi rekan_sejawat membahas bahas konferensi "
    "konsultasi dialog tiba= kedatangan diterima mitra berbincang berkunjung "
    "mengunjungi",
    "ms": "bertemu pertemuan temu bicara perbincangan rundingan runding kunjung lawat "
    "perjalanan menerima sambut tuan_rumah sidang_kemuncak perjanjian persetujuan "
    "memorandum jemput undang delegasi rakan_sejawat membincang bincang persidangan "
    "konsultasi dialog tiba= ketibaan disambut diterima melawat",
    "vi": "gặp= hội_đàm hội_kiến hội_nghị đàm_phán thương_lượng thăm= chuyến_thăm tiếp_đón "
    "đón= tiếp= thượng_đỉnh thỏa_thuận hiệp_định hiệp_ước bản_ghi_nhớ mời= phái_đoàn "
    "đoàn_đại_biểu đồng_cấp trao_đổi thảo_luận tham_vấn đối_thoại điện_đàm đã_đến "
    "đã_tới buổi_làm_việc làm_việc_với",
    "sw": "kutan mkutano wasili zungumz mazungumzo pokel pokea zuru ziara tembele safari "
    "saini= simu= makubaliano mkataba mwaliko alika ujumbe mwenzake jadili mashauriano",
    "th": "พบ หารือ เจรจา ประชุม เยือน เดินทาง ต้อนรับ สุดยอด ข้อตกลง สนธิสัญญา บันทึก เชิญ "
    "คณะผู้แทน ปรึกษา สนทนา ลงนาม โทรศัพท์ ต่อสาย",
    "zh": "会见 會見 会晤 會晤 会面 會面 会谈 會談 会议 會議 见面 見面 访问 "
    "訪問 访华 訪華 出访 出訪 到访 到訪 拜访 拜訪 接见 接見 欢迎 歡迎 "
    "迎接 峰会 峰會 谈判 談判 磋商 协议 協議 协定 協定 条约 條約 备忘录 "
    "備忘錄 邀请 邀請 代表团 代表團 讨论 討論 对话 對話 通话 通話 交换意见 "
    "交換意見 抵达 抵達 接待 访 訪 交换看法 交換看法",
    "ja": "会談 会見 会談し 会合 面会 会った 協議 訪問 訪れ 訪日 来日 歓迎 出迎 "
    "首脳会議 サミット 交渉 合意 協定 条約 覚書 招待 招き 代表団 "
    "カウンターパート 議論 意見交換 対話 電話会談 到着 訪",
    "ko": "회담 회동 면담 만나 만났 만남 접견 협의 방문 순방 방한 환영 영접 "
    "정상회의 협상 합의 협정 조약 양해각서 양해_각서 초청 초대 대표단 논의 "
    "의견_교환 대화 통화 도착 방미 방중 방일 방러",
}
#: Languages whose stems are matched anywhere in a word: scripts written without spaces;
#: Arabic, Persian, Urdu and Hebrew, which join articles and prepositions to the word
#: ("الزيارة", "בביקור"); Swahili, which puts person and tense before the stem
#: ("walikutana"); and languages that write compounds as one word ("Nachverhandlungen",
#: "vervolggesprek", "csúcstalálkozó").
_ANYWHERE = frozenset("zh ja ko th ar fa ur he sw de nl sv da no is fi et hu".split())
#: Spellings that vary for one word: Greek accents (dropped on both sides), Romanian s and t
#: with a cedilla or a comma, Arabic yeh and kaf in Persian and Urdu text, the Hindi nukta.
_SPELLINGS: dict[str, Mapping[int, int | None]] = {
    "ro": str.maketrans("şţŞŢ", "șțȘȚ"),
    "fa": str.maketrans("يك", "یک"),
    "ur": str.maketrans("يك", "یک"),
    "hi": str.maketrans("", "", "\u093c"),
}


def _fold(text: str, language: str) -> str:
    if language == "el":
        decomposed = unicodedata.normalize("NFD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c))
    table = _SPELLINGS.get(language)
    return text.translate(table) if table else text


@cache
def _pattern(language: str) -> regex.Pattern[str]:
    """One pattern for a language's stems: ``_`` stands for a space inside a phrase, and a
    stem ending in ``=`` is a whole word ("met", not "method"). Compiled when first needed:
    all 52 at import cost 70 ms of every start."""
    words = sorted(set(_fold(_STEMS[language], language).split()), key=len, reverse=True)
    alternatives = "|".join(
        regex.escape(w.rstrip("=").replace("_", " "))
        + (r"(?![\p{L}\p{M}])" if w.endswith("=") else "")
        for w in words
    )
    if language in _ANYWHERE:
        return regex.compile(alternatives, regex.IGNORECASE)
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternatives})", regex.IGNORECASE)


def contact_words_in(language: str | None) -> bool:
    """Whether the words of diplomatic contact of ``language`` are listed."""
    return language in _STEMS


def speaks_of_contact(texts: Iterable[str], language: str | None) -> bool:
    """Whether any of ``texts`` has a word of meeting, talks, visiting, calling, signing or
    the like; True in a language not listed, where the test cannot tell.

    Articles quote English (a tweet in a Finnish report), so English words count in every
    listed language.
    """
    if language is None or language not in _STEMS:
        return True
    own, english = _pattern(language), _pattern("en")
    return any(
        own.search(_fold(text, language))
        or english.search(text)
        or tells_of_calling(text)
        or tells_a_signing(text)
        for text in texts
    )
