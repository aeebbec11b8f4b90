<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AnnotationCommands</name>
    <message>
        <source>Add head at (%1, %2)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Move %n head(s)</source>
        <translation><numerusform>Move %n head</numerusform><numerusform>Move %n heads</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n head(s)</source>
        <translation><numerusform>Remove %n head</numerusform><numerusform>Remove %n heads</numerusform></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>CrowdKD Studio: label, train, distill and ship crowd counters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workspace to start in: dataset, annotate, train, compare or count.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User interface language: ko or en (default: the language chosen in the studio, else the system language).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dataset folders or images to open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown language '%1' (use ko or en)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown workspace '%1' (use dataset, annotate, train, compare or count)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no display to open the window on: set DISPLAY or WAYLAND_DISPLAY, run it under xvfb-run, or use the crowdkd command line</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotateWorkspace</name>
    <message>
        <source>Display</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Head marker size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Head marker colour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show density map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Density map opacity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit history</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Save Annotation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the head annotation into the dataset (Ctrl+S)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save Annotation &amp;As…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select &amp;All Heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Delete Selected Heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous image (A, Page Up)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next image (D, Page Down)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Density &amp;Map Overlay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the density map computed from the heads (M)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 heads, %3 selected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No image open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Head Marker Colour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot Open Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The image could not be opened:
%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recover Unsaved Edits</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?</source>
        <translation><numerusform>Unsaved edits of %1 from %2 were kept (%n head). Recover them?</numerusform><numerusform>Unsaved edits of %1 from %2 were kept (%n heads). Recover them?</numerusform></translation>
    </message>
    <message>
        <source>Recover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recover autosaved edits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The head annotation of %1 has unsaved changes.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot Save Here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save As…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your edits are kept; choose another folder to save them in.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The dataset is read-only: %1 cannot be written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The annotation could not be saved:
%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save Annotation As</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ShanghaiTech ground truth (*.mat)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot Save</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.</source>
        <translation><numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n image were kept: %1.</numerusform><numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n images were kept: %1.</numerusform></translation>
    </message>
    <message>
        <source>Open the most recent one now? The others are offered when you open their images.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open and Recover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationCanvas</name>
    <message>
        <source>No image.
Open a dataset and pick an image, or drop an image here.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationDocument</name>
    <message>
        <source>Untitled</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::CompareWorkspace</name>
    <message>
        <source>No dataset is open. Open a dataset folder (File ▸ Open Dataset…) or the bundled sample dataset to compare the models on its images.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Teacher</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Student</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>KD student</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Split:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open the &amp;sample dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Teacher:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Plain s&amp;tudent:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;KD student:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a model file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Display</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One colour scale for all maps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Colour every map on the same scale (off: each map from zero to its own maximum)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the whole image (or double-click a panel)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>E&amp;xport image…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the comparison shown as a PNG image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export the KD student…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Evaluate the split</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count every image of the split with the three models (fills the table)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous image (Page Up)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next image (Page Down)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run %1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>, MAE %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model for the comparison</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The split has no annotated images.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — image %2 of %3 in the table's order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every image of the split is counted.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Evaluation cancelled after %1 of %2 images.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Counting image %1 of %2…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n image(s) counted.</source>
        <translation><numerusform>%n image counted.</numerusform><numerusform>%n images counted.</numerusform></translation>
    </message>
    <message>
        <source>%1 model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot use it: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The split has no annotated images to compare on.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Input: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ground truth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 annotated heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No model: choose one on the left.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> · error %1 (%2%)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MAE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>RMSE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>n = %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>bias %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mean absolute error of the counts over the images counted so far; bias is the mean signed error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Root mean squared error of the counts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export the comparison</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The image could not be written to %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Default student (MCNN)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::ComparisonTableModel</name>
    <message>
        <source>Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotated heads (ground truth)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ground truth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: estimated count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: count − ground truth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1
error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: absolute error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1
|error|</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::ComparisonView</name>
    <message>
        <source>Computing…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Density, one scale for all maps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Density, each map its own scale</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>people per %1×%1 input pixels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>fraction of each map's maximum</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No density map yet.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::CountWorkspace</name>
    <message>
        <source>Other model file…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Default student (MCNN) — MAE %1, RMSE %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Default student (MCNN)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Trained by CrowdKD: %1. Measured on ShanghaiTech part A test (%2 images): MAE %3, RMSE %4.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;images…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Export counts…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drop images or folders here to count the people in them.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Density overlay opacity:</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n image(s) counted, %1 people in total</source>
        <translation><numerusform>%n image counted, %1 people in total</numerusform><numerusform>%n images counted, %1 people in total</numerusform></translation>
    </message>
    <message>
        <source>Model to count with</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dataset folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 looks like a dataset. Open it in the Dataset workspace instead of counting its images?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 people</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images to count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Folder of images to count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export counts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The counts could not be written to %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count</source>
        <comment>table column: number of people</comment>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetModel</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation><numerusform>%n head</numerusform><numerusform>%n heads</numerusform></translation>
    </message>
    <message>
        <source>declares %1 heads but lists %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetSession</name>
    <message>
        <source>no ShanghaiTech split (images/ and ground-truth/) was found in this folder</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetWorkspace</name>
    <message>
        <source>Splits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problems found</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter by name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Heads:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show images with at least this many heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show images with at most this many heads (∞: no limit)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Has problems</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edited</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Only images whose annotation was edited in the studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sort by name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fewest heads first</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Most heads first</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>List</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation><numerusform>%1 (%n image)</numerusform><numerusform>%1 (%n images)</numerusform></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1
Double-click to show the file's folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No problems found.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problems found (%1)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::ExperimentPanel</name>
    <message>
        <source>Experiment folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open an experiment folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run %1 of %2: %3 (finished earlier, skipped)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run %1 of %2: %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run %1 of %2: %3, epoch %4 of %5 (batch %6 of %7)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Testing %1: image %2 of %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The experiment failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped. Finished runs are kept; Run continues the experiment in %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Finished: the tables are in %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The α list must hold numbers between 0 and 1, such as 0.1, 0.3, 0.5, 0.7.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a teacher in the training form: every KD run distils it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose the experiment folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name the split to test on.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Starting the experiment in %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopping after the current iteration…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No experiment tables: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>0 (student)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The paper's experiment: a plain MCNN student and one distilled student per α, trained with the options of the form (data, teacher, epochs, crop, seed …), then counted on the test split with the teacher. Stopping keeps the finished runs; running again continues.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>α values:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test split:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test images at most:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Experiment folder:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run Experiment</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Experiment…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Table 1: models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Table 2: distillation weight α</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Weights (MB)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MAE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>RMSE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>α</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>KD student MAE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Plain student MAE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>α (weight of the teacher term)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test error (people)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Experiment in %1: %2 KD run(s).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::ExperimentSession</name>
    <message>
        <source>An experiment is already running.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::ExportDialog</name>
    <message>
        <source>Choose the model file to export.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: no such model file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose where to write the exported file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: no such test image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: no such teacher file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>M-SFANet, the paper's figure for its weights (no teacher file chosen)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>teacher file %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2 MB, %3 %4, %5 parameters)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Teacher</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 MB — %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1× smaller than the teacher</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count (source model)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count (exported, %1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 people (largest density difference %2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported to %1 (not verified: no test image).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported and verified: %1 counts like the source model.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verification failed: %1 counts %2 people, the source model %3.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model to export</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export (*%1);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Teacher model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ships a model as ONNX (OpenCV DNN, ONNX Runtime, TensorRT), a LibTorch archive or a PyTorch state dict, with a JSON side-car. The export is verified by counting a test image with it and with the source model.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PyTorch .pth, CrowdKD checkpoint, .onnx or LibTorch archive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Architecture:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From the file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MCNN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>M-SFANet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ONNX (.onnx)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>LibTorch archive (.pt)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PyTorch state dict (.pth)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Half precision weights (half the size)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Output file:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Teacher (size comparison):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none: the paper's M-SFANet, 91.7 MB of weights</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test image:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none: the export is not verified</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verifying on %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::MainWindow</name>
    <message>
        <source>Cannot Open Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 could not be opened as a dataset:
%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Browse the dataset: splits, images, head counts, statistics, problems</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotate head positions on one image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a dataset folder (Ctrl+O)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Sample Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Close Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workspaces</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation><numerusform>%n head</numerusform><numerusform>%n heads</numerusform></translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● Modified</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1[*] — CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No dataset open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No Sample Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sample dataset is not installed with this build.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot Open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is neither a dataset folder nor an image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear Recent Datasets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;h3&gt;CrowdKD Studio %1&lt;/h3&gt;&lt;p&gt;Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN student and ship it.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (built with %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Export Model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare the teacher, the student and the KD student on a split</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train the teacher, distill the student, run the α sweep</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count people in images with a trained model</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save into the dataset without asking when switching images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Autosave unsaved edits every</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::ReviewPanel</name>
    <message>
        <source>Open an annotated image to review it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: no such model file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running %1 on %2…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Review failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>#%1 Possibly missed heads: the model sees ≈%2 more</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>#%1 Possibly extra or duplicate labels: ≈%2 more than the model sees</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotated %1, model %2 in %3×%4 px at (%5, %6)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model %1 people, annotation %2. %3 region(s) where they disagree most; choose one to zoom onto it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model %1 people, annotation %2: no region disagrees by a head or more.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model to review with</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Review with model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop Reviewing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Review with Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show where the model's density and the annotation disagree most</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Block size:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compares a student's density with the annotation to find heads that were missed or labelled twice.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar *.onnx);;All files (*)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::SplitStatisticsView</name>
    <message>
        <source>heads per image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not annotated yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Counted so far</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Total heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Min / max heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mean heads</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::ThumbnailDelegate</name>
    <message>
        <source>new</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainWorkspace</name>
    <message>
        <source>Checkpoint saved: %1 (epoch %2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paused.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resumed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dataset folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Folder of training runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paper: KD α=0.1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paper: plain student</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Teacher (M-SFANet)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quick check (a few images)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ShanghaiTech part folder (train_data, test_data)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose the dataset folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Knowledge distillation (KD student)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Plain student (MCNN)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;α (teacher weight):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>T&amp;eacher model:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CrowdKD checkpoint or PyTorch .pth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose the teacher model file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>E&amp;pochs:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>0 uses the optimizer's default (Adam 1e-4, SGD 1e-6)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Crop size:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whole images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training &amp;images:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Optimizer:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Scheduler:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cosine annealing, warm restarts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Constant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>T_0 (epochs):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>T_mult:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>eta_min:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Validate every:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> epoch(s)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>See&amp;d:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All cores</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop after the current iteration; the run can be resumed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Past runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the run's settings and curves</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare &amp;curves</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Draw the run's curves on the same axes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Continue the run from its last checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count &amp;with it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Use the run's best model in the Count workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Runs folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save charts…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ready.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>P&amp;ause</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>KD α=%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>teacher</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>student</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> — MAE %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1
Status: %2, %3 of %4 epochs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The learning rate and eta_min must be non-negative numbers.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose the dataset folder to train on.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Knowledge distillation needs a teacher model file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The training could not start.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training %1 into %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preparing data…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot resume: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resuming %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopping after the current iteration…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the settings of %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Showing %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Started: %1 training images, %2 validation images, %3 parameters, on %4; epochs %5 to %6</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Epoch %1/%2 · iteration %3/%4 · %5 samples/s · elapsed %6 · ETA %7 · loss %8</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paused — %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Epoch %1/%2 — %p%</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Epoch %1: validation MAE %2, RMSE %3 on %4 images%5</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> (best so far)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training finished.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training stopped; resume it from the list of past runs.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped (resumable)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — best validation MAE &lt;b&gt;%2&lt;/b&gt;, RMSE &lt;b&gt;%3&lt;/b&gt; (epoch %4) · weights %5 MB · %6 epochs in %7</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training is running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A training run is going. Stop it? Its last checkpoint is kept, so it can be resumed later from the list of past runs.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Teacher model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models (*.pth *.pt *.tar);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save charts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The charts could not be saved to %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>α Sweep (Experiment)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export the run's best model (ONNX, LibTorch or PyTorch)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare the run's best model in the Compare workspace</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainingCharts</name>
    <message>
        <source>Loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss (smoothed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ground-truth part</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Teacher part</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Iteration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Validation MAE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Validation RMSE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Best MAE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Epoch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MAE: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::TrainingSession</name>
    <message>
        <source>A training run is already going.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The folder %1 already holds a run.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::WelcomePage</name>
    <message>
        <source>Welcome to CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotate heads on crowd images, train a large teacher model, distill it into a tiny student model and ship it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Dataset…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open the Sample Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A few ShanghaiTech part A images with their head annotations, bundled with the studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recent datasets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A dataset is a folder in the ShanghaiTech layout: one folder per split (train_data, test_data) holding images/ and ground-truth/. You can also drop a dataset folder or an image on this window.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>