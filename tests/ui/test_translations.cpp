// The translation files are complete: every tr() text of the studio's sources is in each .ts file
// (lupdate is run on the sources into a temporary file and the message sets are compared), none is
// obsolete, and Korean has no unfinished translation and no text left in English unless a
// translator marked it so. English carries only the plural forms (lupdate -pluralonly; Qt shows
// the source text for the rest). Both files are as lupdate writes them, so Qt Linguist and lupdate
// keep them without churn.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>

namespace {

/// One message of a .ts file.
struct Message {
    QString key;  ///< context + source (+ comment)
    QString type; ///< the translation's type attribute ("unfinished", "obsolete", "vanished")
    bool numerus = false;
    QString source;
    QStringList translations;  ///< the translation, or each plural form
    QString translatorComment; ///< what the translator noted (Qt Linguist's "Translator comment")
};

/// A translator comment that keeps a Korean text equal to its source, e.g. for units and model
/// names: "untranslated: a model name".
constexpr char kUntranslatedMark[] = "untranslated";

QList<Message> readTs(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    QXmlStreamReader xml(&file);
    QList<Message> messages;
    QString context;
    Message current;
    QString source, comment;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name"))
            context = xml.readElementText();
        else if (name == QLatin1String("message")) {
            current = Message{};
            current.numerus =
                xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            source = QString();
            comment = QString();
        } else if (name == QLatin1String("source"))
            source = xml.readElementText();
        else if (name == QLatin1String("comment"))
            comment = xml.readElementText();
        else if (name == QLatin1String("translatorcomment"))
            current.translatorComment = xml.readElementText();
        else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            current.key = context + QLatin1Char('\x1f') + source + QLatin1Char('\x1f') + comment;
            current.source = source;
            if (current.numerus) {
                while (xml.readNextStartElement())
                    current.translations << xml.readElementText(); // <numerusform>
            } else {
                current.translations << xml.readElementText();
            }
            messages.append(current);
            current = Message{};
            source = QString();
        }
    }
    if (xml.hasError())
        qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return messages;
}

QSet<QString> keys(const QList<Message>& messages) {
    QSet<QString> set;
    for (const Message& m : messages)
        set.insert(m.key);
    return set;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void tsFilesMatchSources_data();
    void tsFilesMatchSources();

private:
    QTemporaryDir m_dir;
    QSet<QString> m_sources;
    QSet<QString> m_numerusSources; ///< the keys of the plural-form texts
};

void TestTranslations::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QString fresh = m_dir.filePath(QStringLiteral("fresh.ts"));
    QProcess lupdate;
    lupdate.start(QStringLiteral(CROWDKD_LUPDATE),
                  {QStringLiteral(CROWDKD_UI_DIR), QStringLiteral("-locations"),
                   QStringLiteral("none"), QStringLiteral("-no-obsolete"),
                   QStringLiteral("-silent"), QStringLiteral("-ts"), fresh});
    QVERIFY(lupdate.waitForFinished(300000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
    const QList<Message> fromSources = readTs(fresh);
    m_sources = keys(fromSources);
    for (const Message& m : fromSources)
        if (m.numerus)
            m_numerusSources.insert(m.key);
    QVERIFY(m_sources.size() > 100);
    QVERIFY(!m_numerusSources.isEmpty());
}

void TestTranslations::tsFilesMatchSources_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("ko") << QStringLiteral("ko");
    QTest::newRow("en") << QStringLiteral("en");
}

void TestTranslations::tsFilesMatchSources() {
    QFETCH(QString, language);
    const QList<Message> messages =
        readTs(QDir(QStringLiteral(CROWDKD_TRANSLATIONS_DIR))
                   .filePath(QStringLiteral("crowdkd_%1.ts").arg(language)));
    const QSet<QString> inFile = keys(messages);
    QStringList missing;
    for (const QString& key : m_sources) {
        // English keeps only what needs a translation there: the plural forms.
        const bool needed = language == QLatin1String("ko") || m_numerusSources.contains(key);
        if (needed && !inFile.contains(key))
            missing << key.section(QLatin1Char('\x1f'), 0, 1)
                           .replace(QLatin1Char('\x1f'), QLatin1String(": "));
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("not in the .ts file (build the update_translations target, "
                                       "then translate in Qt Linguist): ") +
                        missing.join(QLatin1String(" | "))));
    QStringList stale;
    for (const Message& m : messages) {
        const bool obsolete = !m_sources.contains(m.key) || m.type == QLatin1String("obsolete") ||
                              m.type == QLatin1String("vanished");
        // Korean translates everything; English uses its source texts except for plural forms.
        const bool unfinished =
            m.type == QLatin1String("unfinished") && (language == QLatin1String("ko") || m.numerus);
        if (obsolete || unfinished)
            stale << QStringLiteral("%1 (%2)").arg(m.key.section(QLatin1Char('\x1f'), 1, 1),
                                                   obsolete ? QStringLiteral("obsolete")
                                                            : QStringLiteral("unfinished"));
        if (language == QLatin1String("en") && !m.numerus)
            stale << QStringLiteral("%1 (not a plural form: English shows its source text; "
                                    "lupdate -pluralonly drops it)")
                         .arg(m.source);
        // A Korean text equal to its English source was forgotten, unless a translator said so.
        const bool keptAsSource = !m.translations.isEmpty() &&
                                  std::all_of(m.translations.begin(), m.translations.end(),
                                              [&](const QString& t) { return t == m.source; });
        if (language == QLatin1String("ko") && m.type.isEmpty() && keptAsSource &&
            !m.translatorComment.startsWith(QLatin1String(kUntranslatedMark)))
            stale << QStringLiteral("%1 (the Korean text is the English source; translate it, or "
                                    "add the translator comment \"%2: why\")")
                         .arg(m.source, QLatin1String(kUntranslatedMark));
    }
    QVERIFY2(stale.isEmpty(), qPrintable(stale.join(QLatin1String(" | "))));

    // As lupdate writes it (its XML declaration and doctype), so that tools keep it as it is.
    QFile file(QDir(QStringLiteral(CROWDKD_TRANSLATIONS_DIR))
                   .filePath(QStringLiteral("crowdkd_%1.ts").arg(language)));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(file.readLine(200).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>") &&
                 file.readLine(200).startsWith("<!DOCTYPE TS>"),
             "not in lupdate's format: build the update_translations target");
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
