#include "shell/welcome_page.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace crowdkd::ui {

namespace {

/// Opacity of the hint's text over the page (of 255): secondary, still easy to read.
constexpr int kHintAlpha = 215;

} // namespace

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_openButton(new QPushButton(QIcon(QStringLiteral(":/icons/open.svg")), {}, this))
    , m_sampleButton(new QPushButton(QIcon(QStringLiteral(":/icons/dataset.svg")), {}, this))
    , m_recentTitle(new QLabel(this))
    , m_recentList(new QListWidget(this))
    , m_hint(new QLabel(this)) {
    setObjectName(QStringLiteral("welcomePage"));
    auto* logo = new QLabel(this);
    logo->setPixmap(QIcon(QStringLiteral(":/icons/crowdkd.svg")).pixmap(72, 72));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_subtitle->setWordWrap(true);
    m_hint->setWordWrap(true);
    m_hint->setObjectName(QStringLiteral("welcomeHint"));
    updateHintColour();
    for (QPushButton* button : {m_openButton, m_sampleButton}) {
        button->setIconSize(QSize(24, 24));
        button->setMinimumHeight(40);
    }
    m_openButton->setObjectName(QStringLiteral("openDatasetButton"));
    m_sampleButton->setObjectName(QStringLiteral("openSampleButton"));
    m_recentList->setObjectName(QStringLiteral("recentList"));
    m_recentList->setMaximumHeight(180);
    QFont sectionFont = m_recentTitle->font();
    sectionFont.setBold(true);
    m_recentTitle->setFont(sectionFont);

    auto* header = new QHBoxLayout;
    header->addWidget(logo);
    auto* titles = new QVBoxLayout;
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    header->addLayout(titles, 1);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_sampleButton);
    buttons->addStretch();

    auto* column = new QVBoxLayout;
    column->addLayout(header);
    column->addSpacing(24);
    column->addLayout(buttons);
    column->addSpacing(24);
    column->addWidget(m_recentTitle);
    column->addWidget(m_recentList);
    column->addSpacing(12);
    column->addWidget(m_hint);
    column->addStretch();

    auto* centre = new QWidget(this);
    centre->setLayout(column);
    centre->setMaximumWidth(720);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch();
    outer->addWidget(centre, 4);
    outer->addStretch();
    outer->setContentsMargins(24, 48, 24, 24);

    connect(m_openButton, &QPushButton::clicked, this, &WelcomePage::openDatasetRequested);
    connect(m_sampleButton, &QPushButton::clicked, this, &WelcomePage::openSampleRequested);
    connect(m_recentList, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit openRecentRequested(item->data(Qt::UserRole).toString());
    });
    retranslateUi();
}

void WelcomePage::setRecentDatasets(const QStringList& paths) {
    m_recentList->clear();
    for (const QString& path : paths) {
        const QDir dir(path);
        auto* item = new QListWidgetItem(
            QIcon(QStringLiteral(":/icons/dataset.svg")),
            QStringLiteral("%1 — %2").arg(dir.dirName(), QDir::toNativeSeparators(path)),
            m_recentList);
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
    }
    m_recentTitle->setVisible(!paths.isEmpty());
    m_recentList->setVisible(!paths.isEmpty());
}

void WelcomePage::setSampleAvailable(bool available) {
    m_sampleButton->setEnabled(available);
}

void WelcomePage::updateHintColour() {
    // Secondary, yet readable: the palette's own text colour, slightly see-through, so it follows
    // light and dark palettes (a disabled label's grey is too pale to read on either).
    QPalette palette = m_hint->palette();
    QColor text = this->palette().color(QPalette::WindowText);
    text.setAlpha(kHintAlpha);
    palette.setColor(QPalette::WindowText, text);
    m_hint->setPalette(palette);
}

void WelcomePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        updateHintColour();
    QWidget::changeEvent(event);
}

void WelcomePage::retranslateUi() {
    m_title->setText(tr("Welcome to CrowdKD Studio"));
    m_subtitle->setText(
        tr("Annotate heads on crowd images, train a large teacher model, distill it "
           "into a tiny student model and ship it."));
    m_openButton->setText(tr("Open Dataset…"));
    m_sampleButton->setText(tr("Open the Sample Dataset"));
    m_sampleButton->setToolTip(tr(
        "A few ShanghaiTech part A images with their head annotations, bundled with the studio"));
    m_recentTitle->setText(tr("Recent datasets"));
    m_hint->setText(tr("A dataset is a folder in the ShanghaiTech layout: one folder per split "
                       "(train_data, test_data) holding images/ and ground-truth/. You can also "
                       "drop a dataset folder or an image on this window."));
}

} // namespace crowdkd::ui
