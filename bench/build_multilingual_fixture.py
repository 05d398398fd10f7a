"""Write tests/scrub/fixtures/multilingual_testimony.jsonl: testimony-like posts in ten
languages with planted identifiers, gold spans included (the shared/data/ner format).

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

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "scrub" / "fixtures" / "multilingual_testimony.jsonl"
POSTS_PER_LANGUAGE = 40

# slot -> gold label (None: not an identifier, must stay readable)
LABELS = {"P": "PERSON", "F": "PERSON", "Q": "PERSON", "A": "AGE", "T": "PHONE_NUMBER",
          "S": "STREET_ADDRESS", "K": "SCHOOL", "C": "LOCATION", "H": "KEEP"}

LANGS: dict[str, dict[str, list[str]]] = {
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
}


def fill(lang: str, spec: dict[str, list[str]], template: str, rng: random.Random
         ) -> dict[str, object]:
    text = ""
    spans: list[dict[str, object]] = []
    pos = 0
    for m in re.finditer(r"\{([A-Z])\}", template):
        text += template[pos:m.start()]
        slot = m.group(1)
        n = rng.randint(8, 17)
        value = {
            "P": lambda: f"{rng.choice(spec['first'])} {rng.choice(spec['last'])}",
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
