"""Write tests/scrub/fixtures/multilingual_testimony.jsonl: testimony-like posts in twenty
languages and five scripts with planted identifiers, gold spans included (the shared/data/ner format).

Everything here was written for SafeArchive (no corpus text): templates per language with
slots for a person's name, first name, age, phone number, street address, school, city and
one of the movement's hashtags. The hashtags are labelled KEEP: they must never be masked.
The output is deterministic (a fixed seed); re-run after editing the templates::

    python bench/build_multilingual_fixture.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "scrub" / "fixtures" / "multilingual_testimony.jsonl"
POSTS_PER_LANGUAGE = 40

# slot -> gold label (None: not an identifier, must stay readable)
LABELS = {"P": "PERSON", "F": "PERSON", "Q": "PERSON", "A": "AGE", "T": "PHONE_NUMBER",
          "S": "STREET_ADDRESS", "K": "SCHOOL", "C": "LOCATION", "H": "KEEP"}

LANGS: dict[str, dict[str, Any]] = {
    "es": {
        "first": ["Lucía", "Carmen", "Javier", "Alejandro", "Marisol", "Rocío", "Iñaki", "Begoña"],
        "last": ["García Ruiz", "Fernández", "Morales", "Quintana", "Etxeberria", "Villalobos"],
        "age": ["{n} años"],
        "phone": ["+34 612 345 678", "612 34 56 78", "+34 699 112 233"],
        "street": ["calle Mayor 12", "C/ de Alcalá 45", "Avenida de la Constitución 8",
                   "calle de los Olivos 3"],
        "school": ["Instituto Miguel de Cervantes", "Colegio San José", "IES Ramiro de Maeztu"],
        "city": ["Sevilla", "Zaragoza", "Valladolid"],
        "tag": ["#YoTambién", "#Cuéntalo", "#NiUnaMenos", "#MeToo"],
        "templates": [
            "Tenía {A} cuando {P} empezó a escribirme todas las noches. Nunca se lo conté a nadie. {H}",
            "Mi entrenador, {P}, me decía que era nuestro secreto. Yo iba al {K} y no sabía a quién pedir ayuda.",
            "Hoy por fin lo digo: {F} me esperaba en la puerta de {S} cuando volvía del colegio. {H}",
            "Si alguien más ha pasado por lo mismo con {P}, escríbeme. Mi número es {T}. No estás sola.",
            "Con {A} me mudé a {C} con mi tía y allí conocí a {P}. Fue el peor año de mi vida.",
            "Mi madre no me creyó cuando le conté lo de {F}. Todavía me duele pensarlo. {H}",
            "Él vivía en {S}, justo encima de nosotros. Se llamaba {P} y todos decían que era muy amable.",
            "Llamé al {T} y nadie contestó. Al día siguiente {F} hizo como si nada hubiera pasado.",
            "Tardé años en entender que no fue culpa mía. Tenía {A} y él era el profesor de música del {K}.",
            "Gracias a todas las que compartís vuestra historia. Leeros me da fuerza para seguir. {H}",
        ],
    },
    "fr": {
        "first": ["Camille", "Mathilde", "Sébastien", "Aurélien", "Nadia", "Théo", "Manon"],
        "last": ["Lefèvre", "Dubois", "Moreau", "Chevalier", "Benali", "Girard"],
        "age": ["{n} ans"],
        "phone": ["06 12 34 56 78", "+33 6 12 34 56 78", "07 81 22 40 19"],
        "street": ["12 rue des Lilas", "3 avenue Jean Jaurès", "8 bis rue Victor Hugo",
                   "27 boulevard de la Liberté"],
        "school": ["lycée Victor-Hugo", "collège Jean Moulin", "école primaire Jules Ferry"],
        "city": ["Lyon", "Marseille", "Rennes"],
        "tag": ["#MoiAussi", "#BalanceTonPorc", "#MeToo"],
        "templates": [
            "J'avais {A} quand {P} a commencé à m'envoyer des messages la nuit. Je n'en ai jamais parlé. {H}",
            "C'était mon prof de sport au {K}. Il s'appelait {P} et tout le monde l'adorait.",
            "Il m'attendait devant le {S} après les cours. {F} disait que c'était notre secret. {H}",
            "Si tu as connu {P} à {C}, écris-moi, mon numéro est le {T}. Tu n'es pas seule.",
            "À {A}, on ne sait pas dire non à un adulte. Ma mère n'a pas voulu me croire.",
            "Je repense souvent à {F}, à sa voix, à la cuisine de l'appartement du {S}. {H}",
            "Quand j'ai enfin porté plainte, le policier m'a demandé ce que je portais ce soir-là.",
            "Merci à toutes celles qui témoignent. Vous lire m'aide à tenir debout. {H}",
            "{P} était le meilleur ami de mon père. Il venait dîner chaque dimanche quand j'avais {A}.",
            "On m'a dit d'appeler le {T} mais personne n'a répondu ce jour-là.",
        ],
    },
    "de": {
        "first": ["Jana", "Lukas", "Katharina", "Jürgen", "Annika", "Mehmet", "Sophie"],
        "last": ["Schneider", "Müller", "Becker", "Hoffmann", "Wagner", "Krause"],
        "age": ["{n} Jahre alt", "{n} Jahre"],
        "phone": ["+49 (0)151 2345 6789", "0151 23456789", "0176 98765432"],
        "street": ["Lindenstraße 14", "Hauptstr. 3a", "Am Mühlenweg 7", "Goethestraße 21"],
        "school": ["Goethe-Gymnasium", "Gesamtschule Süd", "Realschule am Stadtpark"],
        "city": ["Köln", "Leipzig", "Freiburg"],
        "tag": ["#MeToo", "#Aufschrei"],
        "templates": [
            "Ich war {A}, als {P} anfing, mir nachts Nachrichten zu schreiben. Ich habe es niemandem erzählt. {H}",
            "Er war mein Trainer am {K}. Sein Name ist {P}, und alle fanden ihn nett.",
            "{F} wartete nach der Schule vor dem Haus in der {S} auf mich. {H}",
            "Wenn du {P} aus {C} kennst, schreib mir bitte. Meine Nummer: {T}. Du bist nicht allein.",
            "Mit {A} weiß man nicht, wie man einem Erwachsenen widerspricht. Meine Mutter hat mir nicht geglaubt.",
            "Als ich endlich Anzeige erstattet habe, fragte mich der Polizist, was ich anhatte.",
            "Ich denke oft an {F} und an die Wohnung in der {S}. Es tut immer noch weh. {H}",
            "Danke an alle, die ihre Geschichte teilen. Ihr gebt mir Kraft. {H}",
            "{P} war der beste Freund meines Vaters. Er kam jeden Sonntag zum Essen, da war ich {A}.",
            "Man hat mir gesagt, ich soll {T} anrufen, aber an dem Tag ging niemand ran.",
        ],
    },
    "nl": {
        "first": ["Sanne", "Joost", "Femke", "Bram", "Lotte", "Thijs", "Noor"],
        "last": ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit"],
        "age": ["{n} jaar oud", "{n} jaar"],
        "phone": ["06-12345678", "+31 6 1234 5678", "06 4321 8765"],
        "street": ["Beatrixstraat 5b", "Kerkweg 12", "Prinsengracht 263", "Dorpsstraat 41"],
        "school": ["Erasmus College", "Stedelijk Gymnasium", "basisschool De Regenboog"],
        "city": ["Utrecht", "Groningen", "Zwolle"],
        "tag": ["#MeToo", "#IkOok"],
        "templates": [
            "Ik was {A} toen {P} me 's nachts berichtjes begon te sturen. Ik heb het nooit aan iemand verteld. {H}",
            "Hij was mijn trainer op het {K}. Hij heette {P} en iedereen vond hem aardig.",
            "{F} stond na school op me te wachten bij het huis aan de {S}. {H}",
            "Als je {P} uit {C} kent, stuur me een bericht. Mijn nummer is {T}. Je bent niet alleen.",
            "Met {A} weet je niet hoe je nee zegt tegen een volwassene. Mijn moeder geloofde me niet.",
            "Toen ik eindelijk aangifte deed, vroeg de agent wat ik die avond aanhad.",
            "Ik denk nog vaak aan {F} en aan het huis aan de {S}. Het doet nog steeds pijn. {H}",
            "Dank aan iedereen die haar verhaal deelt. Jullie geven me kracht. {H}",
            "{P} was de beste vriend van mijn vader. Hij kwam elke zondag eten, ik was toen {A}.",
            "Ze zeiden dat ik {T} moest bellen, maar die dag nam niemand op.",
        ],
    },
    "pt": {
        "first": ["João", "Ana Clara", "Thiago", "Luana", "Rafael", "Beatriz", "Gabriela"],
        "last": ["Silva", "Oliveira", "Souza", "Carvalho", "Pereira", "Almeida"],
        "age": ["{n} anos"],
        "phone": ["(51) 9 2976-3140", "(11) 98765-4321", "+55 21 99876-5432"],
        "street": ["Rua das Flores, 120", "Av. Paulista, 1578", "Rua Augusta 45",
                   "Travessa do Carmo, 9"],
        "school": ["Escola Estadual Dom Pedro II", "Colégio Santa Maria", "Escola Municipal Anísio Teixeira"],
        "city": ["Porto Alegre", "Recife", "Curitiba"],
        "tag": ["#MeTooBrasil", "#PrimeiroAssedio", "#MeToo"],
        "templates": [
            "Eu tinha {A} quando {P} começou a me mandar mensagens de madrugada. Nunca contei pra ninguém. {H}",
            "Ele era meu professor de educação física no {K}. O nome dele é {P} e todo mundo gostava dele.",
            "O {F} me esperava na frente da casa na {S} depois da aula. {H}",
            "Se você conheceu {P} em {C}, me chama. Meu número é {T}. Você não está sozinha.",
            "Com {A} a gente não sabe dizer não pra um adulto. Minha mãe não acreditou em mim.",
            "Quando finalmente fiz o boletim de ocorrência, o policial perguntou que roupa eu usava.",
            "Ainda penso muito no {F} e naquele apartamento da {S}. Ainda dói. {H}",
            "Obrigada a todas que compartilham suas histórias. Vocês me dão força. {H}",
            "{P} era o melhor amigo do meu pai. Ele vinha almoçar todo domingo, eu tinha {A}.",
            "Me disseram pra ligar pro {T}, mas ninguém atendeu naquele dia.",
        ],
    },
    "it": {
        "first": ["Giulia", "Matteo", "Francesca", "Lorenzo", "Chiara", "Alessandro"],
        "last": ["Rossi", "Bianchi", "Esposito", "Romano", "Colombo", "Ricci"],
        "age": ["{n} anni"],
        "phone": ["+39 347 123 4567", "347 1234567", "333 987 6543"],
        "street": ["via Garibaldi 23", "Via Roma 5", "corso Vittorio Emanuele 112",
                   "piazza Dante 3"],
        "school": ["liceo Galileo Galilei", "scuola media Dante Alighieri", "istituto Leonardo da Vinci"],
        "city": ["Napoli", "Torino", "Bologna"],
        "tag": ["#QuellaVoltaChe", "#NonUnaDiMeno", "#MeToo"],
        "templates": [
            "Avevo {A} quando {P} ha cominciato a scrivermi di notte. Non l'ho mai detto a nessuno. {H}",
            "Era il mio allenatore al {K}. Si chiamava {P} e tutti lo adoravano.",
            "{F} mi aspettava davanti al portone di {S} dopo la scuola. {H}",
            "Se hai conosciuto {P} a {C}, scrivimi. Il mio numero è {T}. Non sei sola.",
            "A {A} non sai come dire di no a un adulto. Mia madre non mi ha creduto.",
            "Quando finalmente ho sporto denuncia, il carabiniere mi ha chiesto cosa indossavo.",
            "Penso ancora spesso a {F} e alla casa di {S}. Fa ancora male. {H}",
            "Grazie a tutte quelle che raccontano la loro storia. Mi date forza. {H}",
            "{P} era il migliore amico di mio padre. Veniva a pranzo ogni domenica, io avevo {A}.",
            "Mi hanno detto di chiamare il {T}, ma quel giorno non ha risposto nessuno.",
        ],
    },
    "ar": {
        "first": ["فاطمة", "أحمد", "ليلى", "يوسف", "مريم", "خالد", "سارة"],
        "last": ["العلي", "حسن", "الخطيب", "منصور", "الحداد"],
        "age": ["{n} سنة", "{n} عاماً"],
        "phone": ["+966 55 123 4567", "050 123 4567", "010 1234 5678"],
        "street": ["شارع الملك فهد 12", "شارع التحرير رقم 5", "شارع الجامعة 30"],
        "school": ["مدرسة الأمل الثانوية", "مدرسة النور الابتدائية"],
        "city": ["القاهرة", "عمّان", "الرياض"],
        "tag": ["#أنا_أيضا", "#MeToo"],
        "templates": [
            "كان عمري {A} عندما بدأ {P} يرسل لي رسائل في الليل. لم أخبر أحداً أبداً. {H}",
            "كان مدرّبي في {K}. اسمه {P} وكان الجميع يحبونه.",
            "كان {F} ينتظرني أمام البيت في {S} بعد المدرسة. {H}",
            "إذا كنتِ تعرفين {P} من {C}، راسليني. رقمي {T}. لستِ وحدك.",
            "في عمر {A} لا تعرف كيف تقول لا لشخص كبير. أمي لم تصدقني.",
            "عندما قدمت شكوى أخيراً، سألني الشرطي ماذا كنت أرتدي تلك الليلة.",
            "ما زلت أفكر في {F} وفي البيت في {S}. ما زال الأمر يؤلمني. {H}",
            "شكراً لكل من تشارك قصتها. أنتن تمنحنني القوة. {H}",
            "كان {P} أعز أصدقاء أبي. كان يأتي للغداء كل يوم جمعة، وكنت في {A}.",
            "قالوا لي أن أتصل بالرقم {T} لكن لم يرد أحد ذلك اليوم.",
        ],
    },
    "tr": {
        "first": ["Ayşe", "Mehmet", "Zeynep", "Emre", "Elif", "Burak", "Selin"],
        "last": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"],
        "age": ["{n} yaşındaydım", "{n} yaşında"],
        "phone": ["0532 123 45 67", "+90 532 123 45 67", "0555 987 65 43"],
        "street": ["Atatürk Caddesi No: 15", "Gül Sokak No. 7", "Bağdat Cad. No:212"],
        "school": ["Atatürk Anadolu Lisesi", "Cumhuriyet İlkokulu", "Kadıköy Anadolu Lisesi"],
        "city": ["İzmir", "Ankara", "Bursa"],
        "tag": ["#BenDe", "#SendeAnlat", "#MeToo"],
        "templates": [
            "{A} {P} bana gece mesaj atmaya başladığında. Kimseye anlatmadım. {H}",
            "{K} okulundaki antrenörümdü. Adı {P} idi ve herkes onu çok severdi.",
            "{F} okuldan sonra {S} adresindeki evin önünde beni beklerdi. {H}",
            "{P} adlı kişiyi {C} şehrinden tanıyorsan bana yaz. Numaram {T}. Yalnız değilsin.",
            "O zaman {A} ve bir yetişkine nasıl hayır diyeceğimi bilmiyordum. Annem bana inanmadı.",
            "Sonunda şikayet ettiğimde polis o gece ne giydiğimi sordu.",
            "Hâlâ {F} ve {S} adresindeki evi düşünüyorum. Hâlâ acıtıyor. {H}",
            "Hikayesini paylaşan herkese teşekkürler. Bana güç veriyorsunuz. {H}",
            "{P} babamın en yakın arkadaşıydı. Her pazar yemeğe gelirdi, ben {A}.",
            "Bana {T} numarasını aramamı söylediler ama o gün kimse açmadı.",
        ],
    },
    "pl": {
        "first": ["Agnieszka", "Krzysztof", "Magdalena", "Tomasz", "Zofia", "Paweł"],
        "last": ["Kowalski", "Nowak", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski"],
        "age": ["{n} lat"],
        "phone": ["+48 601 234 567", "601-234-567", "512 345 678"],
        "street": ["ul. Mickiewicza 8", "ul. Długa 14/3", "al. Jerozolimskie 65",
                   "ulica Kwiatowa 2"],
        "school": ["Liceum im. Adama Mickiewicza", "Szkoła Podstawowa nr 12", "Technikum nr 3"],
        "city": ["Kraków", "Gdańsk", "Wrocław"],
        "tag": ["#JaTeż", "#MeToo"],
        "templates": [
            "Miałam {A}, kiedy {P} zaczął pisać do mnie w nocy. Nigdy nikomu nie powiedziałam. {H}",
            "Był moim trenerem w szkole ({K}). Nazywał się {P} i wszyscy go lubili.",
            "{F} czekał na mnie po szkole przed domem na {S}. {H}",
            "Jeśli znasz {P} z miasta {C}, napisz do mnie. Mój numer to {T}. Nie jesteś sama.",
            "Mając {A} nie wiesz, jak odmówić dorosłemu. Moja mama mi nie uwierzyła.",
            "Kiedy w końcu zgłosiłam to na policję, policjant zapytał, co miałam na sobie.",
            "Wciąż myślę o tym, co zrobił {F}, i o mieszkaniu na {S}. Nadal boli. {H}",
            "Dziękuję wszystkim, które dzielą się swoją historią. Dajecie mi siłę. {H}",
            "{P} był najlepszym przyjacielem mojego taty. Przychodził na obiad w każdą niedzielę, miałam wtedy {A}.",
            "Kazali mi dzwonić pod {T}, ale tego dnia nikt nie odebrał.",
        ],
    },
    "en-es": {
        "first": ["Lucía", "Marisol", "Diego", "Andrés", "Valeria", "Carlos"],
        "last": ["Hernández", "Ramírez", "Torres", "Castillo", "Mendoza"],
        "age": ["{n} años", "{n} years old"],
        "phone": ["(305) 555-0148", "+52 55 1234 5678", "+1 213 555 0199"],
        "street": ["1420 Ocean Drive", "calle Juárez 88", "88 Elm Street"],
        "school": ["Lincoln High School", "Escuela Benito Juárez", "Miami Dade College"],
        "city": ["Miami", "Los Angeles", "Guadalajara"],
        "tag": ["#MeToo", "#YoTambién", "#NiUnaMenos"],
        "templates": [
            "I was {A} cuando {P} started texting me at night. Nunca le dije a nadie. {H}",
            "He was my coach at {K}, se llamaba {P} y todos lo querían.",
            "{F} used to wait for me outside the house on {S} después de la escuela. {H}",
            "If you know {P} from {C}, mándame un DM. My number is {T}. No estás sola.",
            "Tenía {A} and I didn't know how to say no. Mi mamá no me creyó.",
            "When I finally reported it, el policía me preguntó qué llevaba puesto.",
            "Todavía pienso en {F} and that apartment on {S}. It still hurts. {H}",
            "Gracias a todas for sharing your stories. You give me strength. {H}",
            "{P} was my dad's best friend. Venía a comer every Sunday, yo tenía {A}.",
            "They told me to call {T} pero nadie contestó that day.",
        ],
    },
    # -- added 2026-12-05 (issue 13, more languages and scripts); appended after the first ten
    # so that their posts stay byte for byte what they were (one random stream for all)
    "sv": {
        "first": ["Lars", "Johan", "Karin", "Elin", "Oskar", "Sara", "Mikael"],
        "last": ["Andersson", "Johansson", "Lindqvist", "Bergström", "Nyberg", "Holm"],
        "age": ["{n}", "{n} år", "{n} år gammal"],
        "phone": ["070-123 45 67", "+46 70 123 45 67", "073-987 65 43"],
        "street": ["Storgatan 12", "Kungsvägen 4", "Drottninggatan 58"],
        "school": ["Kungsholmens gymnasium", "Rosendalsskolan", "Viktor Rydbergs gymnasium"],
        "city": ["Göteborg", "Malmö", "Uppsala"],
        "tag": ["#MeToo", "#MeTooSverige", "#tystnadtagning"],
        "templates": [
            "När jag var {A} började {P} skicka meddelanden till mig på nätterna. Jag berättade det aldrig för någon. {H}",
            "Han var min tränare på {K}. Han hette {P} och alla tyckte om honom.",
            "{F} brukade vänta på mig utanför huset på {S} efter skolan. {H}",
            "Om du känner {P} från {C}, skriv till mig. Mitt nummer är {T}. Du är inte ensam.",
            "Jag var {A} och visste inte hur man säger nej till en vuxen. Min mamma trodde inte på mig.",
            "När jag till slut gjorde en anmälan frågade polisen vad jag hade på mig.",
            "Jag tänker fortfarande på {F} och lägenheten på {S}. Det gör fortfarande ont. {H}",
            "Tack till alla som delar sina berättelser. Ni ger mig styrka. {H}",
            "{P} var min pappas bästa vän. Han kom på middag varje söndag när jag var {A}.",
            "De sa åt mig att ringa {T}, men ingen svarade den dagen.",
        ],
    },
    "da": {
        "first": ["Mads", "Rasmus", "Mette", "Søren", "Camilla", "Henrik", "Signe"],
        "last": ["Nielsen", "Jensen", "Kristensen", "Madsen", "Østergaard", "Thomsen"],
        "age": ["{n}", "{n} år", "{n} år gammel"],
        "phone": ["20 12 34 56", "+45 20 12 34 56", "31 98 76 54"],
        "street": ["Nørregade 14", "Vesterbrogade 58", "Skovvej 3"],
        "school": ["Rosenvængets skole", "Herlev Gymnasium", "Nordstjerneskolen"],
        "city": ["Aarhus", "Odense", "Aalborg"],
        "tag": ["#MeToo", "#MeTooDK", "#DenStoreTavsheden"],
        "templates": [
            "Da jeg var {A}, begyndte {P} at skrive til mig om natten. Jeg fortalte det aldrig til nogen. {H}",
            "Han var min træner på {K}. Han hed {P}, og alle kunne lide ham.",
            "{F} ventede på mig uden for huset på {S} efter skole. {H}",
            "Hvis du kender {P} fra {C}, så skriv til mig. Mit nummer er {T}. Du er ikke alene.",
            "Jeg var {A} og vidste ikke, hvordan man siger nej til en voksen. Min mor troede ikke på mig.",
            "Da jeg endelig anmeldte det, spurgte politiet, hvad jeg havde haft på.",
            "Jeg tænker stadig på {F} og lejligheden på {S}. Det gør stadig ondt. {H}",
            "Tak til alle, der deler deres historie. I giver mig styrke. {H}",
            "{P} var min fars bedste ven. Han kom til middag hver søndag, da jeg var {A}.",
            "De sagde, jeg skulle ringe til {T}, men ingen tog telefonen den dag.",
        ],
    },
    "id": {
        "first": ["Budi", "Dewi", "Agus", "Rina", "Wahyu", "Putri", "Andi"],
        "last": ["Santoso", "Wijaya", "Hidayat", "Saputra", "Kusuma", "Pratama"],
        "age": ["{n} tahun"],
        "phone": ["0812-3456-7890", "+62 812 3456 7890", "0857 1234 5678"],
        "street": ["Jl. Sudirman No. 5", "Jl. Merdeka No. 12", "Jalan Diponegoro 45"],
        "school": ["SMA Negeri 3 Bandung", "SMP Negeri 1 Bogor", "Pondok Pesantren Al-Hikmah"],
        "city": ["Bandung", "Surabaya", "Yogyakarta"],
        "tag": ["#MeToo", "#MeTooIndonesia", "#GerakBersama"],
        "templates": [
            "Waktu aku {A}, {P} mulai mengirim pesan setiap malam. Aku tidak pernah cerita ke siapa pun. {H}",
            "Dia pelatihku di {K}. Namanya {P} dan semua orang menyukainya.",
            "Setelah sekolah, {F} selalu menunggu aku di depan rumah di {S}. {H}",
            "Kalau kamu kenal {P} dari {C}, tolong hubungi aku. Nomorku {T}. Kamu tidak sendirian.",
            "Umur {A} aku tidak tahu cara menolak orang dewasa. Ibuku tidak percaya padaku.",
            "Waktu akhirnya aku melapor, polisi bertanya baju apa yang aku pakai malam itu.",
            "Aku masih sering memikirkan {F} dan rumah di {S}. Rasanya masih sakit. {H}",
            "Terima kasih untuk semua yang berani bercerita. Kalian memberiku kekuatan. {H}",
            "{P} adalah sahabat ayahku. Dia datang makan setiap hari Minggu, aku masih {A}.",
            "Mereka menyuruhku menelepon {T}, tapi tidak ada yang menjawab hari itu.",
        ],
    },
    "vi": {
        "first": ["Lan", "Hùng", "Minh", "Hoa", "Tuấn", "Mai", "Dũng"],
        "last": ["Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Thu", "Hoàng Văn", "Đỗ Thị"],
        "full_first": True,
        "age": ["{n} tuổi"],
        "phone": ["0912 345 678", "+84 912 345 678", "0987 654 321"],
        "street": ["số 12 đường Lê Lợi", "45 phố Huế", "số 8 đường Trần Hưng Đạo"],
        "school": ["trường THPT Nguyễn Du", "trường THCS Lê Quý Đôn", "trường tiểu học Kim Đồng"],
        "city": ["Hà Nội", "Đà Nẵng", "Huế"],
        "tag": ["#MeToo", "#MeTooVN"],
        "templates": [
            "Năm {A}, {P} bắt đầu nhắn tin cho tôi mỗi đêm. Tôi chưa từng kể với ai. {H}",
            "Ông ấy là huấn luyện viên của tôi ở {K}. Ông ấy tên là {P} và ai cũng quý ông ấy.",
            "Sau giờ học, anh {F} thường đứng đợi tôi trước nhà ở {S}. {H}",
            "Nếu bạn biết {P} ở {C}, hãy nhắn cho tôi. Số của tôi là {T}. Bạn không một mình.",
            "Lúc {A} tôi không biết cách từ chối một người lớn. Mẹ tôi đã không tin tôi.",
            "Khi cuối cùng tôi đi báo công an, họ hỏi tôi đã mặc gì tối hôm đó.",
            "Tôi vẫn hay nghĩ về chú {F} và căn nhà ở {S}. Vẫn còn đau lắm. {H}",
            "Cảm ơn tất cả những ai đã chia sẻ câu chuyện của mình. Các bạn cho tôi sức mạnh. {H}",
            "{P} là bạn thân nhất của bố tôi. Chủ nhật nào ông ấy cũng đến ăn cơm, khi đó tôi {A}.",
            "Người ta bảo tôi gọi số {T}, nhưng hôm đó không ai nghe máy.",
        ],
    },
    "ja": {
        "first": ["健一", "美咲", "翔太", "大輔", "花子", "たかし", "ゆき"],
        "last": ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺"],
        "full": ["佐藤健一", "鈴木美咲", "高橋翔太", "田中花子", "伊藤大輔", "渡辺健一"],
        "age": ["{n}歳"],
        "phone": ["090-1234-5678", "080-9876-5432", "+81 90 1234 5678"],
        "street": ["西新宿2-8-1", "本町3丁目4番5号", "栄町1-2-3"],
        "school": ["青葉中学校", "桜ヶ丘高校", "第一小学校"],
        "city": ["東京", "大阪", "札幌"],
        "tag": ["#MeToo", "#KuToo", "#WeToo"],
        "templates": [
            "{A}の時、{P}に夜中にメッセージを送られるようになった。誰にも言えなかった。 {H}",
            "{K}のコーチだった{P}さんは、みんなに好かれていた。",
            "放課後、{F}さんは{S}の家の前で私を待っていた。 {H}",
            "{C}で{P}さんを知っている人がいたら連絡ください。番号は{T}です。一人じゃないよ。",
            "{A}では大人に嫌だと言えなかった。母は信じてくれなかった。",
            "やっと警察に相談したとき、その夜何を着ていたのかと聞かれた。",
            "今でも、{F}さんのことと、{S}の部屋のことを考える。まだ苦しい。 {H}",
            "話してくれたみなさん、ありがとう。勇気をもらっています。 {H}",
            "{P}さんは父の親友だった。毎週日曜日に夕飯を食べに来ていた。私は{A}だった。",
            "{T}に電話するように言われたけど、その日は誰も出なかった。",
        ],
    },
    "ko": {
        "first": ["민수", "지영", "서연", "유진", "하은", "지훈"],
        "last": ["김", "박", "이", "최", "정", "강"],
        "full": ["박민수", "김지영", "이서연", "최유진", "정하은", "강지훈", "김민수"],
        "age": ["{n}살", "{n}세"],
        "phone": ["010-1234-5678", "010 9876 5432", "+82 10 1234 5678"],
        "street": ["테헤란로 123", "강남대로 45", "세종로 8"],
        "school": ["서울고등학교", "한빛중학교", "새솔초등학교"],
        "city": ["서울", "부산", "대구"],
        "tag": ["#MeToo", "#미투", "#위드유"],
        "templates": [
            "{A} 때 {P}에게서 밤마다 메시지가 오기 시작했어요. 아무에게도 말하지 못했어요. {H}",
            "{K} 코치 {P}도 그 일을 알고 있었어요.",
            "방과 후에 {P} 선생님이 {S} 집 앞에서 저를 기다렸어요. {H}",
            "{C}에서 {P} 씨를 아는 분은 연락 주세요. 제 번호는 {T}입니다. 혼자가 아니에요.",
            "{A}에는 어른에게 싫다고 말할 수 없었어요. 엄마는 저를 믿어주지 않았어요.",
            "마침내 경찰에 신고했을 때, 그날 밤 무엇을 입고 있었냐고 물었어요.",
            "아직도 {P}에게 당한 일과 {S}의 그 집이 생각나요. 여전히 아파요. {H}",
            "이야기를 나눠 주신 모든 분들께 감사해요. 덕분에 힘을 얻어요. {H}",
            "아빠의 가장 친한 친구였던 {P} 씨는 매주 일요일마다 저녁을 먹으러 왔고, 저는 {A}이었어요.",
            "{T}로 전화하라고 했지만 그날은 아무도 받지 않았어요.",
        ],
    },
    "el": {
        "first": ["Γιώργος", "Νίκος", "Κώστας", "Δημήτρης", "Στέλιος", "Σπύρος"],
        "last": ["Παπαδόπουλος", "Κωνσταντίνου", "Παπαδάκης", "Γεωργίου", "Αλεξίου", "Νικολαΐδης"],
        "age": ["{n}", "{n} χρονών", "{n} ετών"],
        "phone": ["691 234 5678", "+30 691 234 5678", "697 123 4567"],
        "street": ["οδό Ερμού 25", "οδό Αιόλου 10", "λεωφόρο Συγγρού 44"],
        "school": ["2ο Γυμνάσιο Αθηνών", "Λύκειο Καλαμαριάς", "5ο Δημοτικό Πατρών"],
        "city": ["Αθήνα", "Θεσσαλονίκη", "Πάτρα"],
        "tag": ["#MeToo", "#MeTooGreece"],
        "templates": [
            "Ήμουν {A} όταν ο {P} άρχισε να μου στέλνει μηνύματα τη νύχτα. Δεν το είπα ποτέ σε κανέναν. {H}",
            "Ήταν ο προπονητής μου στο {K}. Τον έλεγαν {P} και όλοι τον αγαπούσαν.",
            "Μετά το σχολείο ο θείος μου ο {F} με περίμενε έξω από το σπίτι στην {S}. {H}",
            "Αν ο {F} από την {C} σου έκανε το ίδιο, γράψε μου. Το τηλέφωνό μου είναι {T}. Δεν είσαι μόνη.",
            "Όταν ήμουν {A} δεν ήξερα πώς να πω όχι σε έναν ενήλικα. Η μητέρα μου δεν με πίστεψε.",
            "Όταν τελικά έκανα καταγγελία, ο αστυνομικός με ρώτησε τι φορούσα εκείνο το βράδυ.",
            "Ακόμα θυμάμαι πώς ο προπονητής μου {F} με κοίταζε στο διαμέρισμα στην {S}. Ακόμα πονάει. {H}",
            "Ευχαριστώ όλες όσες μοιράζονται την ιστορία τους. Μου δίνετε δύναμη. {H}",
            "Ο {P} ήταν ο καλύτερος φίλος του πατέρα μου. Ερχόταν για φαγητό κάθε Κυριακή, ήμουν {A}.",
            "Μου είπαν να πάρω τηλέφωνο στο {T}, αλλά κανείς δεν απάντησε εκείνη τη μέρα.",
        ],
    },
    "zh": {  # ages, phones and hashtags only: Chinese person names are measured on ner_multi zh
        "first": [], "last": [],
        "age": ["{n}岁", "{n}歲"],
        "phone": ["138 0013 8000", "139-1234-5678", "+86 138 0013 8000"],
        "street": [], "school": [],
        "city": ["北京", "上海", "广州"],
        "tag": ["#MeToo", "#我也是", "#米兔"],
        "templates": [
            "我{A}的时候，教练开始每天晚上给我发信息。我从来没有告诉过任何人。 {H}",
            "那年我才{A}，不知道怎么拒绝一个大人。我妈妈不相信我。",
            "如果你在{C}也遇到过同样的事，请联系我，我的电话是{T}。你不是一个人。",
            "我终于去报警的时候，警察问我那天晚上穿了什么。 {H}",
            "谢谢每一个说出自己故事的人，你们给了我力量。 {H}",
            "{A}那年发生的事，我到现在还记得。",
            "他们让我打{T}，但是那天没有人接。",
            "我在{C}上学，那时候我{A}。 {H}",
            "直到今天，我还是会想起那个房间。 {H}",
            "我{A}，他是我父亲最好的朋友，每个星期天都来我们家吃饭。",
        ],
    },
    "hi": {
        "first": ["राजेश", "अमित", "सुनील", "नेहा", "प्रिया", "दीपक"],
        "last": ["शर्मा", "वर्मा", "कुमार", "सिंह", "गुप्ता"],
        "age": ["{n} साल की"],
        "phone": ["98765 43210", "+91 98765 43210", "99887 76655"],
        "street": [], "school": [],
        "city": ["दिल्ली", "मुंबई", "लखनऊ"],
        "tag": ["#MeToo", "#MeTooIndia"],
        "templates": [
            "जब मैं {A} थी, मेरे कोच {F} ने मुझे रात में मैसेज भेजना शुरू किया। मैंने किसी को नहीं बताया। {H}",
            "वह हमारे स्कूल में कोच थे। उनका नाम {P} था और सब उन्हें पसंद करते थे।",
            "स्कूल के बाद चाचा {F} को मैं घर के बाहर खड़ा देखती थी। {H}",
            "अगर आप {C} में श्री {P} को जानते हैं तो मुझसे संपर्क करें। मेरा नंबर {T} है। आप अकेली नहीं हैं।",
            "{A} उम्र में मुझे नहीं पता था कि किसी बड़े को मना कैसे करें। मेरी माँ ने मेरी बात नहीं मानी।",
            "जब मैंने आख़िरकार शिकायत की, तो पुलिस वाले ने पूछा कि उस रात मैंने क्या पहना था।",
            "मैं आज भी {F} जी और उस घर के बारे में सोचती हूँ। अब भी दर्द होता है। {H}",
            "अपनी कहानी बताने वाली सभी का शुक्रिया। आप मुझे हिम्मत देती हैं। {H}",
            "मेरा नाम {P} है। मैं {A} थी जब यह शुरू हुआ।",
            "मुझे {T} पर फ़ोन करने को कहा गया, लेकिन उस दिन किसी ने फ़ोन नहीं उठाया।",
        ],
    },
    "ru": {
        "first": ["Андрей", "Сергей", "Дмитрий", "Алексей", "Игорь", "Михаил"],
        "last": ["Смирнов", "Кузнецов", "Петров", "Соколов", "Волков", "Лебедев"],
        "age": ["{n} лет"],
        "phone": ["+7 912 345-67-89", "8 (912) 345-67-89", "8 912 345 67 89"],
        "street": [], "school": [],
        "city": ["Москве", "Казани", "Новосибирске"],
        "tag": ["#MeToo", "#ЯНеБоюсьСказать"],
        "templates": [
            "Мне было {A}, когда тренер {P} начал писать мне по ночам. Я никому не рассказывала. {H}",
            "Он был моим тренером в секции. Его зовут {P}, и все его любили.",
            "После школы {F} ждал меня у подъезда. {H}",
            "Если вы встречали человека по имени {P} в {C}, напишите мне. Мой номер {T}. Вы не одни.",
            "В {A} я не умела сказать взрослому «нет». Мама мне не поверила.",
            "Когда я наконец написала заявление, полицейский спросил, что на мне было надето.",
            "Я до сих пор думаю о том, что сделал {F}. Мне всё ещё больно. {H}",
            "Спасибо всем, кто делится своей историей. Вы даёте мне силы. {H}",
            "{P} был лучшим другом моего отца. Он приходил к нам каждое воскресенье, мне было {A}.",
            "Мне сказали звонить по номеру {T}, но в тот день никто не ответил.",
        ],
    },
}


def _person(spec: dict[str, Any], rng: random.Random) -> str:
    """A full name: "first last"; Vietnamese "surname middle given"; Japanese and Korean
    from their own list (surname and given name written together)."""
    if "full" in spec:
        return str(rng.choice(spec["full"]))
    if spec.get("full_first"):
        return f"{rng.choice(spec['last'])} {rng.choice(spec['first'])}"
    return f"{rng.choice(spec['first'])} {rng.choice(spec['last'])}"


def fill(lang: str, spec: dict[str, Any], template: str, rng: random.Random
         ) -> dict[str, object]:
    text = ""
    spans: list[dict[str, object]] = []
    pos = 0
    for m in re.finditer(r"\{([A-Z])\}", template):
        text += template[pos:m.start()]
        slot = m.group(1)
        n = rng.randint(8, 17)
        value = {
            "P": lambda: _person(spec, rng),
            "F": lambda: rng.choice(spec["first"]),
            "A": lambda: rng.choice(spec["age"]).format(n=n),
            "T": lambda: rng.choice(spec["phone"]),
            "S": lambda: rng.choice(spec["street"]),
            "K": lambda: rng.choice(spec["school"]),
            "C": lambda: rng.choice(spec["city"]),
            "H": lambda: rng.choice(spec["tag"]),
        }[slot]()
        if lang == "tr" and slot == "A" and m.start() == 0:
            value = value[0].upper() + value[1:]
        spans.append({"start": len(text), "end": len(text) + len(value), "label": LABELS[slot],
                      "orig_label": LABELS[slot], "text": value, "handle": False,
                      "hashtag": slot == "H"})
        text += value
        pos = m.end()
    text += template[pos:]
    return {"text": text, "spans": spans}


def build() -> list[dict[str, object]]:
    rng = random.Random(13)
    out = []
    for lang, spec in LANGS.items():
        templates = spec["templates"]
        for i in range(POSTS_PER_LANGUAGE):
            rec = fill(lang, spec, templates[i % len(templates)], rng)
            out.append({"id": f"ml-{lang}-{i}", "corpus": "multilingual_testimony", "lang": lang,
                        "split": "fixture", "source": "synthetic", "text_origin": "raw", **rec})
    return out


def main() -> None:
    records = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} posts to {OUT}")


if __name__ == "__main__":
    main()
