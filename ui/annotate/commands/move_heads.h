#pragma once

#include <QPointF>
#include <QUndoCommand>
#include <QVector>

namespace crowdkd::ui {

class AnnotationDocument;

/// Moves a set of heads by one offset (a drag of one head or of a rubber-band selection). It keeps
/// the positions before and after, so undo restores them exactly (x + d − d is not always x).
class MoveHeadsCommand : public QUndoCommand {
public:
    MoveHeadsCommand(AnnotationDocument* document, const QVector<int>& indices,
                     const QPointF& offset);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QVector<int> m_indices;
    QVector<QPointF> m_before;
    QVector<QPointF> m_after;
};

} // namespace crowdkd::ui
