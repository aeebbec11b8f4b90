#pragma once

#include "count/density_counter.h"
#include "pipeline/annotation_review.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTimer;
class QToolButton;

namespace crowdkd::ui {

class AnnotationCanvas;
class AnnotationDocument;

/// Review mode of the Annotate workspace: runs a student (by default the bundled one) on the
/// current image off the GUI thread, compares its density with the annotation's (core's
/// reviewAnnotation: same kernels, sum-pooled to the model's cells, summed over blocks) and lists
/// the regions where the model sees the most people more than annotated (possibly missed heads)
/// and fewer (possibly extra or duplicate labels). The regions are drawn on the canvas; choosing
/// one zooms the canvas onto it. Edits re-compare at once (the model runs once per image).
class ReviewPanel : public QWidget {
    Q_OBJECT

public:
    ReviewPanel(AnnotationDocument* document, AnnotationCanvas* canvas, QWidget* parent = nullptr);
    ~ReviewPanel() override;

    void setModelPath(const QString& path);
    QString modelPath() const;
    /// Turns review mode on (reviews the current image and every image opened) or off.
    void setActive(bool active);
    bool isActive() const;
    bool isBusy() const { return m_watcher.isRunning() || m_pending; }

    /// The last comparison (for the current image).
    const pipeline::AnnotationReview& review() const { return m_review; }
    QListWidget* regionList() const { return m_list; }
    /// Zooms the canvas onto region `row` of the list.
    void showRegion(int row);

signals:
    /// A review of the current image is shown (`ok`), or failed (the reason is shown).
    void reviewFinished(bool ok);
    /// The model file chosen for review (and for proposals) changed.
    void modelPathChanged(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// What the worker gives back.
    struct Outcome {
        ImageDensity density;
        pipeline::AnnotationReview review;
        QString error;
        std::shared_ptr<DensityCounter> counter;
        quint64 revision = 0; ///< of the document whose heads were reviewed
    };

    void retranslateUi();
    void start();
    void onFinished();
    void showReview();
    void clearReview();
    void chooseModel();

    AnnotationDocument* m_document;
    AnnotationCanvas* m_canvas;
    QPushButton* m_toggle;
    QLabel* m_modelLabel;
    QLineEdit* m_model;
    QToolButton* m_modelBrowse;
    QLabel* m_blockLabel;
    QSpinBox* m_block;
    QLabel* m_status;
    QListWidget* m_list;
    QTimer* m_restart;

    QFutureWatcher<Outcome> m_watcher;
    bool m_pending = false;
    std::shared_ptr<DensityCounter> m_counter;
    /// The model's density of the image last run (the model runs once per image and model).
    ImageDensity m_density;
    pipeline::AnnotationReview m_review;
    QString m_error;
};

} // namespace crowdkd::ui
