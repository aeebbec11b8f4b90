#pragma once

#include <QImage>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QUndoStack>
#include <QVector>

#include <vector>

namespace crowdkd::ui {

/// A head the model proposes ("Propose Heads"): drawn hollow, never saved; accepting it makes it a
/// head through an undoable command.
struct ProposedHead {
    QPointF position;
    /// The model holds little mass here (core's HeadProposal::unsure): look at it first.
    bool unsure = false;
};

/// What AnnotationDocument::load() reads of an image: the decoded image, its head points and the
/// ground-truth file's stamp taken before reading. Read apart from any document (readAnnotation),
/// so that a worker thread can read it and the GUI thread apply it (AnnotationDocument::setLoaded).
struct LoadedAnnotation {
    QString imagePath;
    QString groundTruthPath;
    QImage image;
    QVector<QPointF> points;
    QString groundTruthStamp; ///< fileStamp() of the ground truth, taken before reading it
};

/// Decodes the image through core and reads its ground truth (none yet when the file does not
/// exist) into `loaded`; throws FileError. Touches no document, so it runs on any thread. When
/// the ground truth is what fails, `loaded->image` already holds the decoded image (an empty
/// annotation can then be started on it without decoding it again).
void readAnnotation(const QString& imagePath, const QString& groundTruthPath,
                    LoadedAnnotation* loaded);

/// One image's head annotation under edit: the image, its head points, the selection, the undo
/// history and where it is saved. Points are kept exactly as the ground-truth file stores them,
/// which is core's convention too (a head at (x, y) lies in pixel (int(x), int(y)), so pixel
/// (0, 0) covers [0, 1)×[0, 1) as in Qt). Every user edit goes through a QUndoCommand
/// (annotate/commands/) pushed on undoStack().
class AnnotationDocument : public QObject {
    Q_OBJECT

public:
    explicit AnnotationDocument(QObject* parent = nullptr);

    /// Decodes the image through core and reads its ground truth (none yet when the file does
    /// not exist). Throws FileError; the document is unchanged on failure.
    void load(const QString& imagePath, const QString& groundTruthPath);

    /// Shows what readAnnotation() read (load()'s second half, on the GUI thread).
    void setLoaded(const LoadedAnnotation& loaded);

    /// Sets the content directly (used by tests and benchmarks, and for images without a file).
    void setContent(const QImage& image, const QVector<QPointF>& points,
                    const QString& imagePath = {}, const QString& groundTruthPath = {});

    /// Empties the document.
    void clear();

    /// Drops every unsaved edit: the points return to what was last loaded or saved (what the
    /// ground-truth file holds), the undo history is emptied and the document is unmodified.
    void revert();

    bool isEmpty() const { return m_image.isNull(); }
    const QImage& image() const { return m_image; }
    QString imagePath() const { return m_imagePath; }
    QString groundTruthPath() const { return m_groundTruthPath; }
    /// The ground-truth file's fileStamp() when it was last loaded or saved here.
    QString groundTruthStamp() const { return m_groundTruthStamp; }
    /// Whether another program (or studio) rewrote the ground-truth file since then.
    bool groundTruthChangedOnDisk() const;
    QString displayName() const;

    const QVector<QPointF>& points() const { return m_points; }
    int count() const { return static_cast<int>(m_points.size()); }
    /// Incremented on every change of the points, so views can cache what they derive from them.
    quint64 revision() const { return m_revision; }
    /// Incremented on every change of the selection.
    quint64 selectionRevision() const { return m_selectionRevision; }

    QUndoStack* undoStack() { return &m_undoStack; }
    bool isModified() const { return !m_undoStack.isClean(); }

    // Selection (not part of the undo history, but kept consistent by the commands).
    bool isSelected(int index) const { return m_selected[index] != 0; }
    QVector<int> selectedIndices() const;
    int selectedCount() const { return m_selectedCount; }
    void setSelection(const QVector<int>& indices);
    void addToSelection(const QVector<int>& indices);
    void clearSelection();
    void selectAll();

    // User edits: each pushes one undo command.
    void addHead(const QPointF& position);
    void moveHeads(const QVector<int>& indices, const QPointF& offset);
    void removeHeads(const QVector<int>& indices);
    void removeSelectedHeads();
    void replaceHeads(const QVector<QPointF>& points, const QString& description);

    // Proposed heads: suggestions shown beside the heads, cleared with the content and never
    // saved. Setting and rejecting them is not an edit (nothing the file holds changes); accepting
    // them is, one undo step per action.
    const QVector<ProposedHead>& proposals() const { return m_proposals; }
    int proposalCount() const { return static_cast<int>(m_proposals.size()); }
    /// Incremented on every change of the proposals or of their selection.
    quint64 proposalRevision() const { return m_proposalRevision; }
    void setProposals(const QVector<ProposedHead>& proposals);
    void rejectProposals(const QVector<int>& indices);
    void rejectSelectedProposals();
    /// Makes the proposals heads (one undo command); they become the head selection.
    void acceptProposals(const QVector<int>& indices);
    void acceptSelectedProposals();
    void acceptAllProposals();
    bool isProposalSelected(int index) const { return m_proposalSelected[index] != 0; }
    QVector<int> selectedProposals() const;
    void setProposalSelection(const QVector<int>& indices);
    /// Proposals accepted (and not undone) since the image was opened, and the accepting actions
    /// that took them: each action is one click, each proposal one click saved.
    int acceptedProposalCount() const { return m_acceptedProposals; }
    int acceptActionCount() const { return m_acceptActions; }
    /// acceptedProposalCount() − acceptActionCount(), never below 0.
    int clicksSaved() const;

    /// Writes the ground truth to groundTruthPath() (atomically, in the file's format: core's
    /// writeGroundTruth()).
    /// The first save of an existing file keeps the original beside it
    /// (groundTruthBackupPath()).
    /// Throws FileError; the undo stack is marked clean on success.
    void save();

    /// Writes to `path` instead and from now on saves there.
    void saveAs(const QString& path);

    // Low-level operations for the undo commands; they keep the selection consistent.
    void insertHeads(const QVector<int>& sortedIndices, const QVector<QPointF>& points);
    QVector<QPointF> takeHeads(const QVector<int>& sortedIndices);
    void placeHeads(const QVector<int>& indices, const QVector<QPointF>& positions);
    void assignHeads(const QVector<QPointF>& points);
    QVector<ProposedHead> takeProposals(const QVector<int>& sortedIndices);
    void insertProposals(const QVector<int>& sortedIndices, const QVector<ProposedHead>& proposals);
    void countAcceptance(int proposals, int actions);

signals:
    /// The document now shows another image (or none).
    void contentReset();
    void pointsChanged();
    void selectionChanged();
    void modifiedChanged(bool modified);
    void saved(const QString& groundTruthPath);
    /// The proposals, their selection or the acceptance counts changed.
    void proposalsChanged();

private:
    void touchPoints();

    QImage m_image;
    QString m_imagePath;
    QString m_groundTruthPath;
    QVector<QPointF> m_points;
    QVector<QPointF> m_savedPoints; ///< as last loaded or saved: what revert() returns to
    QString m_groundTruthStamp;
    std::vector<char> m_selected;
    int m_selectedCount = 0;
    quint64 m_revision = 0;
    quint64 m_selectionRevision = 0;
    QUndoStack m_undoStack;
    QVector<ProposedHead> m_proposals;
    std::vector<char> m_proposalSelected;
    quint64 m_proposalRevision = 0;
    int m_acceptedProposals = 0;
    int m_acceptActions = 0;
};

/// Reads the head points of the image `imagePath` from its ground-truth file, in the file's format
/// (core's readGroundTruth(); a CSV of points needs the image); throws FileError.
QVector<QPointF> readHeadPoints(const QString& groundTruthPath, const QString& imagePath = {});

/// Writes the head points of the image `imagePath` to its ground-truth file atomically, in the
/// file's format and keeping what it holds beyond the heads (core's writeGroundTruth()).
void writeHeadPoints(const QString& groundTruthPath, const QVector<QPointF>& points,
                     const QString& imagePath = {});

} // namespace crowdkd::ui
