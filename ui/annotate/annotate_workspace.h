#pragma once

#include "annotate/annotation_document.h"
#include "common/autosave_store.h"
#include "common/workspace.h"

#include <QFutureWatcher>
#include <QImage>
#include <QPointer>

#include <optional>

class QAction;
class QCheckBox;
class QGroupBox;
class QLabel;
class QListView;
class QSlider;
class QSpinBox;
class QTabWidget;
class QTimer;
class QToolButton;
class QUndoView;

namespace crowdkd::ui {

class AnnotationCanvas;
class DatasetFilterModel;
class DatasetSession;
class ProposalPanel;
class ReviewPanel;
class ThumbnailDelegate;

/// The Annotate workspace: the images of the current split (in the browser's order and filter),
/// the canvas, display settings (head size and colour, density overlay) and the undo history.
/// It owns the document's life cycle: saving (with a backup of the original, Save As when the
/// dataset is read-only), autosave into the app-data folder, recovery after a crash, and asking
/// Save / Discard / Cancel before unsaved edits could be lost. Images open in the background: the
/// image shown stays until the new one is decoded, and only the latest request is shown.
class AnnotateWorkspace : public Workspace {
    Q_OBJECT

public:
    static constexpr const char* kId = "annotate";

    AnnotateWorkspace(DatasetSession* session, DatasetFilterModel* images,
                      QWidget* parent = nullptr);
    ~AnnotateWorkspace() override;

    QString id() const override { return QLatin1String(kId); }
    QString title() const override;
    QString description() const override;
    QIcon icon() const override;
    QKeySequence shortcut() const override;
    /// Save, undo, zoom and image-stepping actions for the menus and the toolbar.
    QList<QAction*> contributedActions(ActionPlace place) const override;
    /// The annotation open (image, heads, zoom, unsaved edits).
    std::optional<WorkspaceStatus> status() const override;
    /// maybeSave().
    bool canClose() override;
    /// Gives the canvas the keyboard focus.
    void activate() override;

    AnnotationDocument* document() const { return m_document; }
    AnnotationCanvas* canvas() const { return m_canvas; }
    QUndoView* undoView() const { return m_undoView; }
    /// Review mode: where the model and the annotation disagree.
    ReviewPanel* reviewPanel() const { return m_reviewPanel; }
    /// Proposed heads from the model's density, to accept or reject.
    ProposalPanel* proposalPanel() const { return m_proposalPanel; }

    /// Opens an image of the current split (source row of its model), as openImage() does.
    bool openSample(int sourceRow);
    /// Starts opening any image and its ground truth (which may not exist yet): after maybeSave()
    /// agrees, both are read on a worker thread while the image shown stays, then shown with
    /// imageOpened(), or openFailed() says why not. True when the open started (or the image is
    /// open already, or on its way); false when the user cancelled (unsaved edits) or no image
    /// was asked for. A later request replaces one not yet shown: only the latest is shown.
    bool openImage(const QString& imagePath, const QString& groundTruthPath);
    /// Moves to the next (+1) or previous (-1) image in the browser's order (from the image on
    /// its way, if any, so that stepping quickly skips images instead of repeating one).
    bool step(int direction);
    /// Whether an open is on its way (started and not yet shown or given up).
    bool isOpening() const { return m_opening.has_value(); }
    /// The image on its way; empty when none.
    QString openingImagePath() const { return m_opening ? m_opening->imagePath : QString(); }
    /// Gives up the open on its way, if any: the image shown stays and nothing is emitted.
    void cancelOpening();

    /// Asks Save / Discard / Cancel if there are unsaved edits; true when it is safe to go on.
    bool maybeSave();
    /// Saves into the dataset; offers Save As when that is read-only or fails.
    bool save();
    /// Asks where to save, then saves there.
    bool saveAs();
    /// Saves to `path` (a .mat file the user chose).
    bool saveAs(const QString& path);

    /// Writes the autosave now when there are unsaved edits.
    void autosaveNow();
    /// Offers to recover autosaved edits left by a session that did not end cleanly; when the
    /// user agrees, the most recent image starts opening (openImage()).
    void offerRecovery();

    void setAutosaveInterval(int seconds);
    int autosaveInterval() const { return m_autosaveSeconds; }
    void setSaveOnSwitch(bool save) { m_saveOnSwitch = save; }
    bool saveOnSwitch() const { return m_saveOnSwitch; }

    /// Shows or hides the density map overlay (shortcut M).
    QAction* overlayAction() const { return m_overlayAction; }
    /// Shows or hides the head markers (H).
    QAction* headsAction() const { return m_headsAction; }

signals:
    /// An open started by openImage() is done: `imagePath` is shown.
    void imageOpened(const QString& imagePath);
    /// An open started by openImage() failed (the user was told why, or declined to set a damaged
    /// annotation aside): the image shown before stays. An open replaced by a later one, given
    /// up (cancelOpening()) or refused when the user was asked again about edits made while it
    /// was read emits neither signal.
    void openFailed(const QString& imagePath, const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// One openImage() request.
    struct OpenRequest {
        quint64 generation = 0; ///< m_openGeneration when asked: a result of another is stale
        QString imagePath;
        QString groundTruthPath;
        /// Set by the crash-recovery offer: its edits are recovered without a second question.
        bool recoverWithoutAsking = false;
    };
    /// What the worker thread read for a request.
    struct OpenResult {
        quint64 generation = 0;
        LoadedAnnotation loaded; ///< the image stays here when only the ground truth failed
        bool failed = false;
        QString error; ///< why it failed (core's message, the file named)
        /// The ground-truth file is what could not be read (core's reason): a damaged file.
        bool truthDamaged = false;
        QString truthReason;
    };
    /// Reads a request's image and ground truth; runs on a worker thread.
    static OpenResult readForOpen(const OpenRequest& request);
    bool requestOpen(const QString& imagePath, const QString& groundTruthPath,
                     bool recoverWithoutAsking);
    /// Starts reading m_opening on a worker thread.
    void startRead();
    void onReadFinished();
    /// Shows what was read for `request` (on the GUI thread): the document, the damaged-file
    /// offer, the failure, the autosave recovery, the list's row and the overlay.
    void applyOpen(const OpenRequest& request, const OpenResult& result);
    /// The busy text and the canvas's editing follow isOpening().
    void showOpening();
    /// Keeps the list on the image still shown (after Cancel, or when the new one cannot open).
    void keepListOnDocument();

    void retranslateUi();
    void createActions();
    void updateActions();
    void onSaved(const QString& groundTruthPath);
    void scheduleDensity();
    void computeDensity();
    void chooseColor();
    void loadSettings();
    void saveSettings() const;
    bool askSaveAsAfterFailure(const QString& message);
    void showOpenFailed(const QString& message);
    /// What became of the offer to set a damaged ground-truth file aside.
    enum class SetAside {
        NotOffered, ///< the image itself does not open either: an empty annotation cannot help
        Declined,   ///< the user said no, or was told why the file could not be renamed
        Opened      ///< renamed to a free name; the image is open with an empty annotation
    };
    /// Asks to rename a damaged ground-truth file to a free name and open the image with an
    /// empty annotation.
    /// `loaded` holds the image already decoded (null when it did not decode).
    SetAside offerToSetAside(const LoadedAnnotation& loaded, const QString& reason);
    int currentProxyRow() const;
    /// The row of `imagePath` in the list (its filter's order), or -1.
    int proxyRowOf(const QString& imagePath) const;
    /// The ground-truth file the open dataset, else the naming rules, pair the image with.
    QString pairedGroundTruthPath(const QString& imagePath) const;

    DatasetSession* m_session;
    DatasetFilterModel* m_images;
    AnnotationDocument* m_document;
    AnnotationCanvas* m_canvas;
    QListView* m_imageList;
    ThumbnailDelegate* m_listDelegate;
    QGroupBox* m_displayBox;
    QLabel* m_sizeLabel;
    QSpinBox* m_pointSize;
    QLabel* m_colorLabel;
    QToolButton* m_colorButton;
    QCheckBox* m_headsCheck;
    QCheckBox* m_overlayCheck;
    QLabel* m_opacityLabel;
    QSlider* m_opacity;
    QGroupBox* m_historyBox;
    QUndoView* m_undoView;
    QLabel* m_summary;
    ReviewPanel* m_reviewPanel = nullptr;
    ProposalPanel* m_proposalPanel = nullptr;
    QTabWidget* m_assistTabs = nullptr;

    AutosaveStore m_autosave;
    QTimer* m_autosaveTimer;
    int m_autosaveSeconds = 0;
    bool m_saveOnSwitch = false;
    quint64 m_autosavedRevision = 0;

    /// Opening: at most one read runs (m_reading); a request made meanwhile waits in m_opening,
    /// replacing any earlier waiting one, and is read when the running read ends (whose result is
    /// then stale and dropped). The worker gets only the request, never `this`.
    QFutureWatcher<OpenResult> m_openWatcher;
    /// The latest request, until it is shown or given up.
    std::optional<OpenRequest> m_opening;
    quint64 m_openGeneration = 0;
    bool m_reading = false;

    QTimer* m_densityTimer;
    QFutureWatcher<QImage> m_densityWatcher;
    /// The document revision the running (or last) overlay render drew: a render of an older one
    /// is dropped and redone.
    quint64 m_densityRevision = 0;

    QAction* m_saveAction = nullptr;
    QAction* m_saveAsAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_selectAllAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
    QAction* m_fitAction = nullptr;
    QAction* m_actualSizeAction = nullptr;
    QAction* m_previousAction = nullptr;
    QAction* m_nextAction = nullptr;
    QAction* m_overlayAction = nullptr;
    QAction* m_headsAction = nullptr;
};

/// The density map of head points (document coordinates) computed by core, coloured as an overlay
/// (DensityColouriser: transparent where empty, bright where dense). Runs on worker threads.
QImage renderDensityOverlay(const QVector<QPointF>& points, const QSize& imageSize);

} // namespace crowdkd::ui
