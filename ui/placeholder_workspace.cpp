#include "placeholder_workspace.h"

#include <QEvent>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace crowdkd::ui {

PlaceholderWorkspace::PlaceholderWorkspace(Kind kind, QWidget* parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_text(new QLabel(this)) {
    const char* iconName = kind == Kind::Train     ? "train"
                           : kind == Kind::Compare ? "compare"
                                                   : "count";
    m_icon->setPixmap(
        QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(iconName))).pixmap(64, 64));
    m_icon->setAlignment(Qt::AlignCenter);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setMaximumWidth(620);
    m_text->setTextFormat(Qt::RichText);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_icon);
    layout->addWidget(m_title);
    layout->addSpacing(12);
    layout->addWidget(m_text, 0, Qt::AlignHCenter);
    layout->addStretch(3);
    retranslateUi();
}

void PlaceholderWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PlaceholderWorkspace::retranslateUi() {
    switch (m_kind) {
    case Kind::Train:
        m_title->setText(tr("Train"));
        m_text->setText(
            tr("<p>This workspace will train the M-SFANet teacher model and distill it into the "
               "tiny MCNN student model (knowledge distillation: "
               "loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)).</p>"
               "<p>It will hold the run settings (α, learning-rate schedule, epochs), live loss "
               "and MAE/RMSE curves, and checkpoints you can load from the reference PyTorch "
               "code.</p><p><i>Coming in a later version.</i></p>"));
        break;
    case Kind::Compare:
        m_title->setText(tr("Compare"));
        m_text->setText(
            tr("<p>This workspace will compare models on a split: teacher against student, "
               "student against ground truth, with MAE/RMSE, per-image count errors and density "
               "maps side by side.</p><p><i>Coming in a later version.</i></p>"));
        break;
    case Kind::Count:
        m_title->setText(tr("Count"));
        m_text->setText(
            tr("<p>This workspace will count the people in your own images and videos with a "
               "trained student model, show its density map and export the model for embedded "
               "devices.</p><p><i>Coming in a later version.</i></p>"));
        break;
    }
}

} // namespace crowdkd::ui
