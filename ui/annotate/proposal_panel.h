#pragma once

#include "annotate/annotation_document.h"
#include "count/density_counter.h"

#include <QFutureWatcher>
#include <QRectF>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;

namespace crowdkd::ui {

class AnnotationCanvas;
class AnnotationDocument;

/// "Propose heads" in the Annotate workspace: runs the review's model on the current image off the
/// GUI thread and turns its density into proposed heads (core's proposeHeads) for the whole image
/// or a region the user drags, leaving out the heads already annotated. The proposals show on the
/// canvas until the labeller accepts them (all, selected, or one by one with a click) or rejects
/// them; unsure ones can be visited first. The model runs once per image and model.
class ProposalPanel : public QWidget {
    Q_OBJECT

public:
    ProposalPanel(AnnotationDocument* document, AnnotationCanvas* canvas,
                  QWidget* parent = nullptr);
    ~ProposalPanel() override;

    void setModelPath(const QString& path);
    QString modelPath() const { return m_modelPath; }

    /// Proposes heads for the whole image (`region` empty) or inside `region` (image pixels).
    void propose(const QRectF& region = {});
    /// Asks the canvas for a region, then proposes inside it.
    void proposeInRegion();
    /// Zooms the canvas onto the next unsure proposal, if any.
    void showNextUnsure();
    /// From propose() until its answer is shown (the model may have finished before that).
    bool isBusy() const { return m_busy; }

signals:
    /// Proposals for the current image are shown (`ok`), or failed (the reason is shown).
    void proposalsFinished(bool ok);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// What the worker gives back.
    struct Outcome {
        ImageDensity density;
        QVector<ProposedHead> proposals;
        QString error;
        std::shared_ptr<DensityCounter> counter;
        quint64 revision = 0; ///< of the document whose heads the proposals avoid
        QRectF region;        ///< the image region asked for (empty: the whole image)
    };

    void retranslateUi();
    void onFinished();
    void updateState();

    AnnotationDocument* m_document;
    AnnotationCanvas* m_canvas;
    QPushButton* m_propose;
    QPushButton* m_proposeRegion;
    QPushButton* m_acceptAll;
    QPushButton* m_acceptSelected;
    QPushButton* m_rejectAll;
    QPushButton* m_nextUnsure;
    QLabel* m_status;

    QString m_modelPath;
    QFutureWatcher<Outcome> m_watcher;
    bool m_busy = false; ///< see isBusy()
    std::shared_ptr<DensityCounter> m_counter;
    /// The model's density of the image last run.
    ImageDensity m_density;
    QString m_error;
    int m_nextUnsureIndex = 0;
};

} // namespace crowdkd::ui
