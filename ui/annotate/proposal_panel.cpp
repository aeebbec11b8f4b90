#include "annotate/proposal_panel.h"

#include "annotate/annotation_canvas.h"
#include "annotate/annotation_document.h"
#include "pipeline/head_proposals.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <optional>

namespace crowdkd::ui {

namespace {

/// Image pixels shown around an unsure proposal when the canvas zooms onto it.
constexpr double kUnsureContext = 48.0;

} // namespace

ProposalPanel::ProposalPanel(AnnotationDocument* document, AnnotationCanvas* canvas,
                             QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_canvas(canvas)
    , m_propose(new QPushButton(this))
    , m_proposeRegion(new QPushButton(this))
    , m_acceptAll(new QPushButton(this))
    , m_acceptSelected(new QPushButton(this))
    , m_rejectAll(new QPushButton(this))
    , m_nextUnsure(new QPushButton(this))
    , m_status(new QLabel(this)) {
    setObjectName(QStringLiteral("proposalPanel"));
    m_propose->setObjectName(QStringLiteral("proposeHeads"));
    m_proposeRegion->setObjectName(QStringLiteral("proposeInRegion"));
    m_acceptAll->setObjectName(QStringLiteral("acceptAllProposals"));
    m_acceptSelected->setObjectName(QStringLiteral("acceptSelectedProposals"));
    m_rejectAll->setObjectName(QStringLiteral("rejectAllProposals"));
    m_nextUnsure->setObjectName(QStringLiteral("nextUnsureProposal"));
    m_status->setObjectName(QStringLiteral("proposalStatus"));
    m_status->setWordWrap(true);
    m_proposeRegion->setCheckable(true);

    auto* buttons = new QGridLayout;
    buttons->addWidget(m_propose, 0, 0);
    buttons->addWidget(m_proposeRegion, 0, 1);
    buttons->addWidget(m_acceptAll, 1, 0);
    buttons->addWidget(m_acceptSelected, 1, 1);
    buttons->addWidget(m_rejectAll, 2, 0);
    buttons->addWidget(m_nextUnsure, 2, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addStretch(1);

    connect(m_propose, &QPushButton::clicked, this, [this] { propose(); });
    connect(m_proposeRegion, &QPushButton::clicked, this, [this](bool on) {
        if (on)
            proposeInRegion();
    });
    connect(m_canvas, &AnnotationCanvas::regionDrawn, this, [this](const QRectF& region) {
        if (!m_proposeRegion->isChecked())
            return;
        m_proposeRegion->setChecked(false);
        if (!region.isEmpty())
            propose(region);
        else
            updateState();
    });
    connect(m_acceptAll, &QPushButton::clicked, m_document,
            &AnnotationDocument::acceptAllProposals);
    connect(m_acceptSelected, &QPushButton::clicked, m_document,
            &AnnotationDocument::acceptSelectedProposals);
    connect(m_rejectAll, &QPushButton::clicked, this, [this] { m_document->setProposals({}); });
    connect(m_nextUnsure, &QPushButton::clicked, this, &ProposalPanel::showNextUnsure);
    connect(m_document, &AnnotationDocument::proposalsChanged, this, &ProposalPanel::updateState);
    connect(m_document, &AnnotationDocument::contentReset, this, [this] {
        m_error.clear();
        m_nextUnsureIndex = 0;
        if (m_document->imagePath() != m_density.imagePath)
            m_density = ImageDensity();
        updateState();
    });
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &ProposalPanel::onFinished);
    retranslateUi();
}

// A running proposal is left to finish on its own: it holds copies and shared pointers only.
ProposalPanel::~ProposalPanel() = default;

void ProposalPanel::setModelPath(const QString& path) {
    m_modelPath = path;
    retranslateUi();
}

void ProposalPanel::proposeInRegion() {
    m_proposeRegion->setChecked(true);
    m_status->setText(tr("Drag a rectangle on the image around the heads to propose (Esc "
                         "cancels)."));
    m_canvas->requestRegion();
}

void ProposalPanel::propose(const QRectF& region) {
    if (m_busy)
        return;
    const QString image = m_document->imagePath();
    const QString model = m_modelPath;
    if (image.isEmpty() || m_document->image().isNull()) {
        m_status->setText(tr("Open an image to propose heads for it."));
        emit proposalsFinished(false);
        return;
    }
    if (model.isEmpty() || !QFileInfo(model).isFile()) {
        m_error = tr("%1: no such model file.").arg(QDir::toNativeSeparators(model));
        updateState();
        emit proposalsFinished(false);
        return;
    }
    std::vector<HeadPoint> existing;
    existing.reserve(static_cast<std::size_t>(m_document->count()));
    for (const QPointF& p : m_document->points())
        existing.push_back({p.x(), p.y()});
    const cv::Size imageSize(m_document->image().width(), m_document->image().height());
    pipeline::ProposalParams params;
    if (!region.isEmpty())
        params.imageRegion = cv::Rect2d(region.x(), region.y(), region.width(), region.height());
    std::shared_ptr<DensityCounter> counter = m_counter;
    m_error.clear();
    m_status->setText(
        tr("Running %1 on %2…").arg(QFileInfo(model).fileName(), QFileInfo(image).fileName()));
    m_propose->setEnabled(false);
    m_proposeRegion->setEnabled(false);
    const quint64 revision = m_document->revision();
    m_busy = true;
    m_watcher.setFuture(QtConcurrent::run([=, density = m_density]() mutable {
        Outcome outcome;
        outcome.density = density;
        try {
            outcome.error = outcome.density.compute(counter, model, image);
            if (outcome.error.isEmpty()) {
                const ImageDensity& d = outcome.density;
                const auto geometry =
                    pipeline::DensityGeometry::of(d.density.size(), d.inputSize, imageSize);
                for (const auto& proposal :
                     pipeline::proposeHeads(d.density, geometry, existing, params))
                    outcome.proposals.append(
                        {QPointF(proposal.point.x, proposal.point.y), proposal.unsure});
            }
        } catch (const std::exception& e) {
            outcome.error = QString::fromUtf8(e.what());
        }
        outcome.density.imagePath = image; // which image this outcome answers, even on failure
        outcome.counter = counter;         // kept loaded for the next image
        outcome.revision = revision;
        outcome.region = region;
        return outcome;
    }));
}

void ProposalPanel::onFinished() {
    m_busy = false;
    const Outcome outcome = m_watcher.result();
    if (outcome.counter)
        m_counter = outcome.counter;
    m_propose->setEnabled(true);
    m_proposeRegion->setEnabled(true);
    if (outcome.density.imagePath != m_document->imagePath()) { // the user moved on meanwhile
        updateState();
        emit proposalsFinished(false);
        return;
    }
    if (!outcome.error.isEmpty()) {
        m_error = outcome.error;
        updateState();
        emit proposalsFinished(false);
        return;
    }
    m_density = outcome.density;
    if (outcome.revision != m_document->revision()) {
        // Heads were added or moved meanwhile: propose again around them, from the density
        // just computed (only the peak search runs again).
        propose(outcome.region);
        return;
    }
    m_nextUnsureIndex = 0;
    m_document->setProposals(outcome.proposals);
    emit proposalsFinished(true);
}

void ProposalPanel::showNextUnsure() {
    const QVector<ProposedHead>& proposals = m_document->proposals();
    for (int step = 0; step < proposals.size(); ++step) {
        const int i = (m_nextUnsureIndex + step) % static_cast<int>(proposals.size());
        if (!proposals[i].unsure)
            continue;
        m_nextUnsureIndex = i + 1;
        const QPointF at = proposals[i].position;
        m_canvas->zoomToRect(QRectF(at - QPointF(kUnsureContext, kUnsureContext),
                                    at + QPointF(kUnsureContext, kUnsureContext)));
        m_document->setProposalSelection({i});
        return;
    }
}

void ProposalPanel::updateState() {
    const int left = m_document->proposalCount();
    int unsure = 0;
    for (const ProposedHead& proposal : m_document->proposals())
        unsure += proposal.unsure ? 1 : 0;
    const int selected = static_cast<int>(m_document->selectedProposals().size());
    m_acceptAll->setEnabled(left > 0);
    m_acceptSelected->setEnabled(selected > 0);
    m_rejectAll->setEnabled(left > 0);
    m_nextUnsure->setEnabled(unsure > 0);
    if (m_busy || m_proposeRegion->isChecked())
        return;
    if (!m_error.isEmpty()) {
        m_status->setText(tr("Proposing failed: %1").arg(m_error));
        return;
    }
    QString text;
    if (left > 0)
        text = tr("%n proposal(s) left", nullptr, left) + QStringLiteral(", ") +
               tr("%n unsure", nullptr, unsure) + QStringLiteral(". ");
    if (m_document->acceptedProposalCount() > 0)
        text += tr("Accepted %n, ", nullptr, m_document->acceptedProposalCount()) +
                tr("≈%n click(s) saved.", nullptr, m_document->clicksSaved());
    if (text.isEmpty())
        text = tr("Proposes the heads still missing, from the model's density. Click a proposal "
                  "to accept it; select some and press Return to accept or Delete to reject.");
    m_status->setText(text.trimmed());
}

void ProposalPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ProposalPanel::retranslateUi() {
    // The model is the one chosen under Review; the buttons name it (the panel has no room).
    const QString model =
        m_modelPath.isEmpty() ? tr("none") : QDir::toNativeSeparators(m_modelPath);
    m_propose->setText(tr("Propose Heads"));
    m_propose->setToolTip(tr("Propose the heads still missing in the whole image") +
                          QLatin1Char('\n') +
                          tr("Model (chosen under Review with model): %1").arg(model));
    m_proposeRegion->setText(tr("In Region…"));
    m_proposeRegion->setToolTip(tr("Drag a rectangle, then propose the heads missing inside it") +
                                QLatin1Char('\n') +
                                tr("Model (chosen under Review with model): %1").arg(model));
    m_acceptAll->setText(tr("Accept All"));
    m_acceptSelected->setText(tr("Accept Selected"));
    m_acceptSelected->setToolTip(tr("Accept the selected proposals (Return)"));
    m_rejectAll->setText(tr("Reject All"));
    m_nextUnsure->setText(tr("Next Unsure"));
    m_nextUnsure->setToolTip(tr("Zoom onto the next proposal the model is unsure of"));
    updateState();
}

} // namespace crowdkd::ui
